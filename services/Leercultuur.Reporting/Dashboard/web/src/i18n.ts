// The dashboard's words in Dutch (the default) and English, and number formats of the language.

export type Language = "nl" | "en";

const nl = {
  title: "Leercultuurmonitor",
  subtitle: "Indicatoren van leercultuur in het mkb, per sector, grootteklasse, provincie en programma",
  skip: "Naar de inhoud",
  language: "Taal",
  otherLanguage: "English",
  otherLanguageCode: "en",
  query: "Wat wilt u zien?",
  instrument: "Instrument",
  dimension: "Indicator",
  role: "Respondenten",
  allRespondents: "Alle respondenten",
  from: "Vanaf periode",
  to: "Tot en met periode",
  groupBy: "Vergelijk per",
  show: "Welke groepen",
  showAll: "Alle",
  showNone: "Geen",
  filters: "Filters",
  all: "Alle (totaal)",
  sector: "Sector",
  sizeClass: "Grootteklasse",
  province: "Provincie",
  programme: "Programma",
  sbiVersion: "SBI-versie van sector",
  views: "Weergave",
  viewBar: "Vergelijking",
  viewTrend: "Ontwikkeling",
  viewMap: "Kaart",
  period: "Periode",
  group: "Groep",
  status: "Status",
  mean: "Gemiddelde",
  interval: "95%-betrouwbaarheidsinterval",
  intervalShort: "95%-interval:",
  reference: "ter vergelijking",
  trendLegendGroup: "gemiddelde van de groep, met 95%-interval",
  lower: "ondergrens",
  upper: "bovengrens",
  organisations: "Organisaties (n)",
  respondents: "Respondenten",
  published: "gepubliceerd",
  suppressed: "afgeschermd",
  provisional: "voorlopig",
  versionBreak: "Nieuwe instrumentversie",
  versions: "Instrumentversies",
  table: "Tabel bij de grafiek",
  download: "Download deze tabel als CSV",
  downloadFailed: "De CSV kon niet worden opgehaald",
  loading: "Bezig met laden…",
  noData: "Er zijn voor deze keuze nog geen vrijgegeven cijfers.",
  failed: "De cijfers konden niet worden opgehaald",
  signIn: "Inloggen als programma",
  signOut: "Uitloggen",
  signedInAs: "Ingelogd als",
  tokenLabel: "Token van uw programma (ontwikkeltoken van de standalone host)",
  tokenHelp: "Plak het token dat `token --role programme --programme <id>` afdrukt.",
  tokenSubmit: "Inloggen",
  tokenCancel: "Annuleren",
  tokenInvalid: "Dit token wordt niet geaccepteerd.",
  programmeNeedsSignIn: "Per programma vergelijken kan na inloggen als programma.",
  national: "Nederland",
  legend: "Legenda",
  legendSuppressed: "x: afgeschermd (te weinig organisaties of een andere regel van de geheimhouding)",
  legendProvisional: "…: voorlopig, periode nog niet vrijgegeven",
  mapCaption: "Provincies, gekleurd naar het gemiddelde",
  barCaption: "Gemiddelde per groep met 95%-betrouwbaarheidsinterval",
  trendCaption: "Gemiddelde per periode",
  chartAlt: "Grafiek; dezelfde cijfers staan in de tabel eronder.",
  minimumOrganisations: "afgeschermd: minder dan {k} organisaties",
  dominance: "afgeschermd: één organisatie bepaalt het grootste deel van de antwoorden",
  programmeComplement: "afgeschermd: het verschil met een programma zou minder dan {k} organisaties beschrijven",
  secondary: "afgeschermd om een andere afgeschermde cel te beschermen",
  roleComplement: "afgeschermd: het verschil met alle respondenten zou minder dan {k} organisaties beschrijven",
  notReleased: "voorlopig: deze periode is nog niet vrijgegeven",
  disclosure: "Cijfers van minder dan {k} organisaties, en cijfers waaruit die zouden volgen, worden niet getoond (statistische geheimhouding).",
  scale: "Schaal",
  dataSource: "Bron: Leercultuur reporting API",
};

export type Words = typeof nl;

const en: Words = {
  title: "Learning culture monitor",
  subtitle: "Indicators of learning culture in small and medium companies, by sector, size class, province and programme",
  skip: "Skip to content",
  language: "Language",
  otherLanguage: "Nederlands",
  otherLanguageCode: "nl",
  query: "What would you like to see?",
  instrument: "Instrument",
  dimension: "Indicator",
  role: "Respondents",
  allRespondents: "All respondents",
  from: "From period",
  to: "Up to period",
  groupBy: "Compare by",
  show: "Which groups",
  showAll: "All",
  showNone: "None",
  filters: "Filters",
  all: "All (total)",
  sector: "Sector",
  sizeClass: "Size class",
  province: "Province",
  programme: "Programme",
  sbiVersion: "SBI version of sector",
  views: "View",
  viewBar: "Comparison",
  viewTrend: "Trend",
  viewMap: "Map",
  period: "Period",
  group: "Group",
  status: "Status",
  mean: "Mean",
  interval: "95% confidence interval",
  intervalShort: "95% interval:",
  reference: "for comparison",
  trendLegendGroup: "the group's mean, with 95% interval",
  lower: "lower bound",
  upper: "upper bound",
  organisations: "Organisations (n)",
  respondents: "Respondents",
  published: "published",
  suppressed: "suppressed",
  provisional: "provisional",
  versionBreak: "New instrument version",
  versions: "Instrument versions",
  table: "Table of the chart",
  download: "Download this table as CSV",
  downloadFailed: "The CSV could not be fetched",
  loading: "Loading…",
  noData: "There are no released figures for this choice yet.",
  failed: "The figures could not be fetched",
  signIn: "Sign in as a programme",
  signOut: "Sign out",
  signedInAs: "Signed in as",
  tokenLabel: "Your programme's token (development token of the standalone host)",
  tokenHelp: "Paste the token that `token --role programme --programme <id>` prints.",
  tokenSubmit: "Sign in",
  tokenCancel: "Cancel",
  tokenInvalid: "This token is not accepted.",
  programmeNeedsSignIn: "Comparing by programme needs a programme sign-in.",
  national: "The Netherlands",
  legend: "Legend",
  legendSuppressed: "x: suppressed (too few organisations or another disclosure rule)",
  legendProvisional: "…: provisional, period not released yet",
  mapCaption: "Provinces, coloured by the mean",
  barCaption: "Mean per group with 95% confidence interval",
  trendCaption: "Mean per period",
  chartAlt: "Chart; the table below holds the same figures.",
  minimumOrganisations: "suppressed: fewer than {k} organisations",
  dominance: "suppressed: one organisation gives most of the answers",
  programmeComplement: "suppressed: the difference with a programme would describe fewer than {k} organisations",
  secondary: "suppressed to protect another suppressed cell",
  roleComplement: "suppressed: the difference with all respondents would describe fewer than {k} organisations",
  notReleased: "provisional: this period has not been released yet",
  disclosure: "Figures of fewer than {k} organisations, and figures they could be derived from, are not shown (statistical disclosure control).",
  scale: "Scale",
  dataSource: "Source: Leercultuur reporting API",
};

export const dictionaries: Record<Language, Words> = { nl, en };

// The sections of SBI 2025 and the size classes in English; the API labels them in Dutch.
export const englishLabels: Record<string, Record<string, string>> = {
  sector: {
    _T: "Total",
    A: "Agriculture, forestry and fishing",
    B: "Mining and quarrying",
    C: "Manufacturing",
    D: "Electricity, gas, steam and air conditioning supply",
    E: "Water supply, sewerage, waste management and remediation",
    F: "Construction",
    G: "Wholesale and retail trade",
    H: "Transportation and storage",
    I: "Accommodation and food service activities",
    J: "Publishing, broadcasting and content production",
    K: "Telecommunication, computer programming and information services",
    L: "Financial and insurance activities",
    M: "Real estate activities",
    N: "Professional, scientific and technical activities",
    O: "Administrative and support service activities",
    P: "Public administration and defence",
    Q: "Education",
    R: "Human health and social work activities",
    S: "Arts, sports and recreation",
    T: "Other service activities",
    U: "Activities of households as employers",
    V: "Activities of extraterritorial organisations",
  },
  sizeClass: { _T: "Total", micro: "Micro (fewer than 10)", small: "Small (10 to 49)", medium: "Medium (50 to 249)", large: "Large (250 or more)" },
  province: { _T: "Total" },
};

export function isLanguage(value: string | null): value is Language {
  return value === "nl" || value === "en";
}

export function format(words: string, values: Record<string, string | number>): string {
  return words.replace(/\{([a-z]+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

export class Numbers {
  private readonly mean: Intl.NumberFormat;
  private readonly count: Intl.NumberFormat;

  constructor(language: Language) {
    const locale = language === "nl" ? "nl-NL" : "en-GB";
    this.mean = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    this.count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  }

  decimal(value: number): string {
    return this.mean.format(value);
  }

  whole(value: number): string {
    return this.count.format(value);
  }
}
