// What there is to choose from: instruments and their dimensions and roles, periods, and each grouping's codes.

import { Api, CodedValue, HeldInstrument, HeldPeriod, InstrumentText } from "./api";
import { dictionaries, englishLabels, Language } from "./i18n";
import { Grouping, total } from "./state";

export interface Catalogue {
  instruments: HeldInstrument[];
  texts: InstrumentText[];
  periods: HeldPeriod[];
  codes: Record<"sector" | "sizeClass" | "province", CodedValue[]>;
  sbi: number;
}

export async function loadCatalogue(api: Api, sbi: number): Promise<Catalogue> {
  const [instruments, texts, periods, sector, sizeClass, province] = await Promise.all([
    api.instruments(),
    api.instrumentTexts(),
    api.periods(),
    api.codeList("sector", sbi),
    api.codeList("sizeClass", sbi),
    api.codeList("province", sbi),
  ]);
  return { instruments, texts, periods, codes: { sector: sector.codes, sizeClass: sizeClass.codes, province: province.codes }, sbi };
}

/** The latest version's description of an instrument, in the page's language where the scan service has one. */
export function textOf(catalogue: Catalogue, instrument: string): InstrumentText | undefined {
  return catalogue.texts.filter((t) => t.key === instrument).sort((a, b) => b.version - a.version)[0];
}

export function instrumentLabel(catalogue: Catalogue, instrument: string): string {
  return textOf(catalogue, instrument)?.name ?? instrument;
}

/** The dimensions reporting holds of an instrument, as its latest version names them. */
export function dimensionsOf(catalogue: Catalogue, instrument: string): CodedValue[] {
  const held = catalogue.instruments.find((i) => i.key === instrument);
  if (!held || held.versions.length === 0) {
    return [];
  }

  const latest = held.versions.reduce((a, b) => (b.version > a.version ? b : a));
  const texts = catalogue.texts.filter((t) => t.key === instrument);
  return latest.dimensions.map((key) => {
    const named = texts.find((t) => t.version === latest.version)?.dimensions.find((d) => d.key === key) ?? texts.flatMap((t) => t.dimensions).find((d) => d.key === key);
    return { code: key, label: named?.name ?? key };
  });
}

export function rolesOf(catalogue: Catalogue, instrument: string, language: Language): CodedValue[] {
  const text = textOf(catalogue, instrument);
  const all = { code: total, label: dictionaries[language].allRespondents };
  return [all, ...(text?.roles ?? []).map((r) => ({ code: r.key, label: r.label }))];
}

export function codeLabel(dimension: Grouping, code: CodedValue, language: Language, sbi: number): string {
  if (language === "en" && !(dimension === "sector" && sbi === 2008)) {
    return englishLabels[dimension]?.[code.code] ?? code.label;
  }

  return code.label;
}

/** Periods of one granularity, oldest first. */
export function periodsOf(catalogue: Catalogue, granularity: "quarter" | "year"): HeldPeriod[] {
  return catalogue.periods.filter((p) => p.granularity === granularity).sort((a, b) => comparePeriods(a.period, b.period));
}

export function granularityOf(period: string): "quarter" | "year" {
  return period.includes("-Q") ? "quarter" : "year";
}

export function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
