// The API queries behind a view. Grouping by programme takes two: the national figures (no programme in
// groupBy) and the programmes' (which need a token); every other view is one query.

import { CodedValue, Observation, TrendPoint, TrendSeries } from "./api";
import { Cell } from "./cells";
import { Catalogue, codeLabel } from "./catalogue";
import { Language } from "./i18n";
import { effectiveGroup, filterDimensions, Grouping, State, total } from "./state";

export interface ViewQuery {
  /** The grouping of the answer's rows (province on the map). */
  group: Grouping;
  /** National and programme parts of one view; most views have one. */
  parts: URLSearchParams[];
  periods: { start: string; end: string };
}

function base(state: State, start: string, end: string): URLSearchParams {
  const query = new URLSearchParams();
  query.set("instrument", state.instrument ?? "");
  query.set("dimension", state.dimension ?? "");
  if (state.role !== total) query.set("role", state.role);
  query.set("startPeriod", start);
  query.set("endPeriod", end);
  return query;
}

/**
 * The queries a state's view needs: the codes of its grouping and its filters. groupCodes null means every
 * code (for programmes: national and every programme the caller may read).
 */
export function viewQuery(state: State, catalogue: Catalogue, groupCodes: string[] | null): ViewQuery {
  const group = effectiveGroup(state);
  const start = state.view === "trend" ? state.from ?? state.to ?? "" : state.to ?? "";
  const end = state.to ?? "";
  const filters = filterDimensions.filter((d) => d !== group && state.filters[d] !== total);
  const groupBy = (dimensions: string[]) => dimensions.join(",");
  const usesSector = group === "sector" || filters.includes("sector");

  const part = (dimensions: Grouping[], codes: Partial<Record<Grouping, string[]>>) => {
    const query = base(state, start, end);
    if (dimensions.length > 0) query.set("groupBy", groupBy(dimensions));
    for (const dimension of dimensions) {
      const list = codes[dimension];
      if (list && list.length > 0) query.set(dimension, list.join(","));
    }

    if (usesSector && catalogue.sbi !== 2025) query.set("sbiVersion", String(catalogue.sbi));
    return query;
  };

  const filterCodes: Partial<Record<Grouping, string[]>> = {};
  for (const dimension of filters) filterCodes[dimension] = [state.filters[dimension]];

  if (group !== "programme") {
    const codes = groupCodes ?? (group === "sector" || group === "sizeClass" || group === "province" ? catalogue.codes[group].map((c) => c.code) : []);
    return { group, parts: [part([group, ...filters], { ...filterCodes, [group]: codes })], periods: { start, end } };
  }

  // National figures beside the programmes' own: the programmes' rows come only with programme in groupBy.
  const parts: URLSearchParams[] = [];
  if (groupCodes === null || groupCodes.includes(total)) parts.push(part(filters, filterCodes));
  const programmes = (groupCodes ?? []).filter((c) => c !== total);
  if (groupCodes === null || programmes.length > 0) parts.push(part(["programme", ...filters], { ...filterCodes, programme: programmes }));
  return { group, parts, periods: { start, end } };
}

export function groupOf(row: { sector: CodedValue; sizeClass: CodedValue; province: CodedValue; programme: CodedValue }, group: Grouping): CodedValue {
  return row[group];
}

export interface Labels {
  language: Language;
  sbi: number;
  national: string;
  programmeNames: Map<string, string>;
}

export function labelOf(code: CodedValue, group: Grouping, labels: Labels): string {
  if (group === "programme") {
    return code.code === total ? labels.national : labels.programmeNames.get(code.code) ?? code.label;
  }

  return codeLabel(group, code, labels.language, labels.sbi);
}

/** The figures an observation row and a trend point share; respondents and version changes differ. */
type Figures = Pick<Observation, "period" | "status" | "reason" | "mean" | "confidenceInterval" | "organisations" | "instrumentVersions">;

function cellOf(code: CodedValue, figures: Figures, group: Grouping, labels: Labels, respondents: number | null, versionChanged: boolean): Cell {
  return {
    code: code.code,
    label: labelOf(code, group, labels),
    period: figures.period,
    status: figures.status,
    reason: figures.reason ?? null,
    mean: figures.mean ?? null,
    lower: figures.confidenceInterval?.lower ?? null,
    upper: figures.confidenceInterval?.upper ?? null,
    organisations: figures.organisations ?? null,
    respondents,
    versions: figures.instrumentVersions,
    versionChanged,
  };
}

export function cellOfObservation(row: Observation, group: Grouping, labels: Labels): Cell {
  return cellOf(groupOf(row, group), row, group, labels, row.respondents ?? null, false);
}

/** A trend point: the trends answer gives no respondents. */
export function cellOfPoint(series: TrendSeries, point: TrendPoint, group: Grouping, labels: Labels): Cell {
  return cellOf(groupOf(series, group), point, group, labels, null, point.versionChanged);
}
