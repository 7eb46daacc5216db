// The query form: every choice is a labelled native control, so keyboard and screen readers work as they
// do everywhere; a change updates the state (and with it the address).

import { CodedValue } from "./api";
import { Catalogue, codeLabel, dimensionsOf, granularityOf, instrumentLabel, periodsOf, rolesOf } from "./catalogue";
import { escapeHtml } from "./charts";
import { Language, Words } from "./i18n";
import { effectiveGroup, filterDimensions, Grouping, groupings, State, total, View } from "./state";

export interface FormContext {
  catalogue: Catalogue;
  state: State;
  words: Words;
  /** The programmes the signed-in caller may read (with names); empty when not signed in. */
  programmes: CodedValue[];
  signedIn: boolean;
}

function options(values: CodedValue[], selected: string | null): string {
  return values.map((v) => `<option value="${escapeHtml(v.code)}"${v.code === selected ? " selected" : ""}>${escapeHtml(v.label)}</option>`).join("");
}

function select(id: string, label: string, values: CodedValue[], selected: string | null, disabled = false): string {
  return `<div class="field"><label for="${id}">${escapeHtml(label)}</label><select id="${id}" name="${id}"${disabled ? " disabled" : ""}>${options(values, selected)}</select></div>`;
}

/** The codes one can group or filter by, in list order, the total or national first. */
export function codesOf(context: FormContext, dimension: Grouping): CodedValue[] {
  const { catalogue, state, words } = context;
  if (dimension === "programme") {
    return [{ code: total, label: words.national }, ...context.programmes];
  }

  return catalogue.codes[dimension].map((c) => ({ code: c.code, label: codeLabel(dimension, c, state.lang as Language, catalogue.sbi) }));
}

export function formHtml(context: FormContext): string {
  const { catalogue, state, words } = context;
  const instruments = catalogue.instruments.map((i) => ({ code: i.key, label: instrumentLabel(catalogue, i.key) }));
  const dimensions = state.instrument ? dimensionsOf(catalogue, state.instrument) : [];
  const roles = state.instrument ? rolesOf(catalogue, state.instrument, state.lang) : [];
  const granularity = state.from ? granularityOf(state.from) : "quarter";
  const all = [...periodsOf(catalogue, "quarter"), ...periodsOf(catalogue, "year")].map((p) => ({ code: p.period, label: p.provisional ? `${p.period} (${words.provisional})` : p.period }));
  const same = periodsOf(catalogue, granularity).map((p) => ({ code: p.period, label: p.provisional ? `${p.period} (${words.provisional})` : p.period }));
  const group = effectiveGroup(state);
  const groupOptions = groupings.map((g) => ({ code: g, label: words[g] }));
  const groupCodes = codesOf(context, group);
  const shown = state.show === null ? new Set(groupCodes.map((c) => c.code)) : new Set(state.show);
  const checks = groupCodes
    .map((c, index) => `<li><input type="checkbox" id="show-${index}" name="show" value="${escapeHtml(c.code)}"${shown.has(c.code) ? " checked" : ""}><label for="show-${index}">${escapeHtml(c.label)}</label></li>`)
    .join("");
  const filters = filterDimensions
    .filter((d) => d !== group && (d !== "programme" || context.signedIn))
    .map((d) => select(`filter-${d}`, words[d], [{ code: total, label: d === "programme" ? words.national : words.all }, ...codesOf(context, d).filter((c) => c.code !== total)], state.filters[d]))
    .join("");
  const programmeNote = context.signedIn ? "" : `<p class="hint" id="programme-hint">${escapeHtml(words.programmeNeedsSignIn)}</p>`;
  const showCount = `${shown.size} / ${groupCodes.length}`;
  return `
    <h2 id="query-title">${escapeHtml(words.query)}</h2>
    <div class="fields">
      ${select("instrument", words.instrument, instruments, state.instrument)}
      ${select("dimension", words.dimension, dimensions, state.dimension)}
      ${select("role", words.role, roles, state.role)}
      ${select("from", words.from, all, state.from, state.view !== "trend")}
      ${select("to", words.to, state.view === "trend" ? same : all, state.to)}
      ${select("group", words.groupBy, groupOptions.filter((g) => g.code !== "programme" || context.signedIn), group, state.view === "map")}
      ${select("sbi", words.sbiVersion, [{ code: "2025", label: "SBI 2025" }, { code: "2008", label: "SBI 2008" }], String(state.sbi))}
    </div>
    ${programmeNote}
    <details class="show"${state.view === "map" ? " hidden" : ""}>
      <summary>${escapeHtml(words.show)} (<span id="show-count">${showCount}</span>)</summary>
      <fieldset>
        <legend>${escapeHtml(words.show)}: ${escapeHtml(words[group])}</legend>
        <p class="show-actions"><button type="button" id="show-all">${escapeHtml(words.showAll)}</button> <button type="button" id="show-none">${escapeHtml(words.showNone)}</button></p>
        <ul class="checks">${checks}</ul>
      </fieldset>
    </details>
    <fieldset class="filters">
      <legend>${escapeHtml(words.filters)}</legend>
      <div class="fields">${filters}</div>
    </fieldset>`;
}

export function viewsHtml(view: View, words: Words): string {
  const views: [View, string][] = [
    ["bar", words.viewBar],
    ["trend", words.viewTrend],
    ["map", words.viewMap],
  ];
  return `<ul>${views
    .map(([key, label]) => `<li><button type="button" data-view="${key}" aria-pressed="${key === view}">${escapeHtml(label)}</button></li>`)
    .join("")}</ul>`;
}

/** Reads the form back into a state, keeping what the form does not hold. */
export function readForm(form: HTMLFormElement, state: State): State {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLSelectElement | null)?.value ?? null;
  const next: State = { ...state, filters: { ...state.filters } };
  next.instrument = value("instrument") ?? state.instrument;
  next.dimension = value("dimension") ?? state.dimension;
  next.role = value("role") ?? total;
  next.from = value("from") ?? state.from;
  next.to = value("to") ?? state.to;
  next.sbi = value("sbi") === "2008" ? 2008 : 2025;
  if (state.view !== "map") {
    next.group = (value("group") as Grouping | null) ?? state.group;
  }

  for (const dimension of filterDimensions) {
    const chosen = value(`filter-${dimension}`);
    if (chosen !== null) next.filters[dimension] = chosen;
  }

  if (next.group !== state.group) {
    next.show = null;
  } else if (state.view !== "map") {
    const boxes = [...form.querySelectorAll<HTMLInputElement>('input[name="show"]')];
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    next.show = checked.length === boxes.length ? null : checked;
  }

  return next;
}
