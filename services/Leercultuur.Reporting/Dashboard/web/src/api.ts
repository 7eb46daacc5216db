// The public APIs the dashboard reads, exactly as any other client does: same paths, same tokens.

export interface DashboardConfig {
  reportingApi: string;
  scansApi: string | null;
  organisationsApi: string | null;
  signIn: {
    mode: "none" | "development" | "oidc";
    authority?: string;
    clientId?: string;
    scope?: string;
    roleClaim: string;
    programmeClaim: string;
    /** The roles that may read programme rows (the API's access model). */
    programmeRoles: string[];
  };
}

export interface CodedValue {
  code: string;
  label: string;
}

export interface Interval {
  level: number;
  lower: number;
  upper: number;
}

export interface Observation {
  instrumentVersion: number;
  series?: { instrumentVersion: number; dimension: string };
  dimension: string;
  instrumentVersions: number[];
  role: string;
  period: string;
  sector: CodedValue;
  sizeClass: CodedValue;
  province: CodedValue;
  programme: CodedValue;
  status: "published" | "suppressed" | "provisional";
  reason?: string | null;
  organisations?: number | null;
  respondents?: number | null;
  mean?: number | null;
  confidenceInterval?: Interval | null;
}

export interface ObservationsResponse {
  instrument: string;
  minimumOrganisations: number;
  observations: Observation[];
}

export interface TrendPoint {
  period: string;
  instrumentVersion: number;
  instrumentVersions: number[];
  versionChanged: boolean;
  status: Observation["status"];
  reason?: string | null;
  organisations?: number | null;
  mean?: number | null;
  confidenceInterval?: Interval | null;
}

export interface TrendSeries {
  sector: CodedValue;
  sizeClass: CodedValue;
  province: CodedValue;
  programme: CodedValue;
  points: TrendPoint[];
}

export interface TrendsResponse {
  instrument: string;
  dimensionSeries: { instrumentVersion: number; dimension: string };
  minimumOrganisations: number;
  series: TrendSeries[];
}

export interface HeldInstrument {
  key: string;
  versions: { version: number; dimensions: string[] }[];
}

export interface HeldPeriod {
  period: string;
  granularity: "quarter" | "year";
  provisional: boolean;
}

export interface CodeList {
  dimension: string;
  codes: CodedValue[];
}

/** An instrument as the scan service describes it: names of the instrument, its dimensions and roles. */
export interface InstrumentText {
  key: string;
  version: number;
  name: string;
  scale?: { min: number; max: number };
  roles: { key: string; label: string }[];
  dimensions: { key: string; name: string }[];
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class Api {
  constructor(private readonly config: DashboardConfig, private readonly token: () => string | null, private readonly language: () => string) {}

  get reportingBase(): string {
    return this.config.reportingApi;
  }

  instruments(): Promise<HeldInstrument[]> {
    return this.json(`${this.config.reportingApi}/instruments`);
  }

  periods(): Promise<HeldPeriod[]> {
    return this.json(`${this.config.reportingApi}/periods`);
  }

  codeList(dimension: string, sbiVersion: number): Promise<CodeList> {
    const query = dimension === "sector" ? `?sbiVersion=${sbiVersion}` : "";
    return this.json(`${this.config.reportingApi}/code-lists/${dimension}${query}`);
  }

  observations(query: URLSearchParams): Promise<ObservationsResponse> {
    return this.json(`${this.config.reportingApi}/observations?${query}`);
  }

  trends(query: URLSearchParams): Promise<TrendsResponse> {
    return this.json(`${this.config.reportingApi}/trends?${query}`);
  }

  observationsUrl(query: URLSearchParams): string {
    return `${this.config.reportingApi}/observations?${query}`;
  }

  async observationsCsv(query: URLSearchParams): Promise<string> {
    const response = await this.fetch(this.observationsUrl(query), "text/csv");
    return response.text();
  }

  /** Names and roles from the scan service, where the host names it; keys stand in for names otherwise. */
  async instrumentTexts(): Promise<InstrumentText[]> {
    if (!this.config.scansApi) {
      return [];
    }

    try {
      return await this.json<InstrumentText[]>(`${this.config.scansApi}/instruments`);
    } catch {
      return [];
    }
  }

  /** A programme's name as the organisations service gives it to the programme itself; null where it cannot. */
  async programmeName(id: string): Promise<string | null> {
    if (!this.config.organisationsApi || !this.token()) {
      return null;
    }

    try {
      const programme = await this.json<{ name?: string }>(`${this.config.organisationsApi}/programmes/${encodeURIComponent(id)}`);
      return programme.name ?? null;
    } catch {
      return null;
    }
  }

  async json<T>(url: string): Promise<T> {
    const response = await this.fetch(url, "application/json");
    return (await response.json()) as T;
  }

  private async fetch(url: string, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, "Accept-Language": this.language() };
    const token = this.token();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }

    // Never from the browser's cache with a token: another programme may have signed in since.
    const response = await fetch(url, { headers, credentials: "omit", cache: token ? "no-store" : "default" });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = (await response.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
        const errors = problem.errors ? Object.values(problem.errors).flat().join(" ") : "";
        detail = [problem.title, problem.detail, errors].filter((p) => p).join(": ");
      } catch {
        // Not a problem document: the status text says enough.
      }

      throw new ApiError(response.status, `${response.status} ${detail}`);
    }

    return response;
  }
}
