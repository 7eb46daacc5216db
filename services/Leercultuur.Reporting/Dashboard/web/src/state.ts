// What the dashboard shows, held in the address: a view can be shared or bookmarked and comes back the same.

import { Language, isLanguage } from "./i18n";

export type View = "bar" | "trend" | "map";
export type Grouping = "sector" | "sizeClass" | "province" | "programme";
export const groupings: Grouping[] = ["sector", "sizeClass", "province", "programme"];
export const filterDimensions = ["sector", "sizeClass", "province", "programme"] as const;
export type FilterDimension = (typeof filterDimensions)[number];

export const total = "_T";

export interface State {
  lang: Language;
  view: View;
  instrument: string | null;
  dimension: string | null;
  role: string;
  from: string | null;
  to: string | null;
  group: Grouping;
  /** The codes of the grouping shown; null for every code. Always a subset of the code list. */
  show: string[] | null;
  /** A code for each dimension other than the grouping; _T (the total) is no filter. */
  filters: Record<FilterDimension, string>;
  sbi: number;
}

const codePattern = /^[A-Za-z0-9_-]{1,64}$/;
const periodPattern = /^[0-9]{4}(-Q[1-4])?$/;

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function code(value: string | null): string | null {
  return value !== null && codePattern.test(value) ? value : null;
}

/** The state an address describes; anything it cannot read falls back to the default. */
export function readState(search: string): State {
  const query = new URLSearchParams(search);
  const lang = query.get("lang");
  const show = query.get("show");
  const from = query.get("from");
  const to = query.get("to");
  const filters = {} as Record<FilterDimension, string>;
  for (const dimension of filterDimensions) {
    filters[dimension] = code(query.get(dimension)) ?? total;
  }

  return {
    lang: isLanguage(lang) ? lang : "nl",
    view: pick(query.get("view"), ["bar", "trend", "map"] as const, "bar"),
    instrument: code(query.get("instrument")),
    dimension: code(query.get("dimension")),
    role: code(query.get("role")) ?? total,
    from: from !== null && periodPattern.test(from) ? from : null,
    to: to !== null && periodPattern.test(to) ? to : null,
    group: pick(query.get("group"), groupings, "sector"),
    show: show === null ? null : show.split(",").filter((c) => codePattern.test(c)),
    filters,
    sbi: query.get("sbi") === "2008" ? 2008 : 2025,
  };
}

/** The grouping of the rows a view shows: the map is always by province. */
export function effectiveGroup(state: State): Grouping {
  return state.view === "map" ? "province" : state.group;
}

/** The address of a state: only what differs from the defaults, in a fixed order. */
export function writeState(state: State): string {
  const query = new URLSearchParams();
  if (state.lang !== "nl") query.set("lang", state.lang);
  query.set("view", state.view);
  if (state.instrument) query.set("instrument", state.instrument);
  if (state.dimension) query.set("dimension", state.dimension);
  if (state.role !== total) query.set("role", state.role);
  if (state.from) query.set("from", state.from);
  if (state.to) query.set("to", state.to);
  query.set("group", state.group);
  if (state.show !== null) query.set("show", state.show.join(","));
  for (const dimension of filterDimensions) {
    if (dimension !== effectiveGroup(state) && state.filters[dimension] !== total) {
      query.set(dimension, state.filters[dimension]);
    }
  }

  if (state.sbi !== 2025) query.set("sbi", String(state.sbi));
  return `?${query.toString().replace(/%2C/g, ",")}`;
}
