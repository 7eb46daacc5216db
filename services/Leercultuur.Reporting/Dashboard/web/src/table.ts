// The table beside every chart: the same numbers, as text. Each figure carries its exact value in
// data-value, so what is shown can be checked against the API's answer.

import { Cell, markOf, reasonText } from "./cells";
import { escapeHtml } from "./charts";
import { Numbers, Words } from "./i18n";

/** A trend's table has a period column; it has no respondents (the trends answer gives none). */
export function tableHtml(cells: Cell[], caption: string, withPeriod: boolean, words: Words, numbers: Numbers, minimumOrganisations: number): string {
  const withRespondents = !withPeriod;
  const head = [words.group, ...(withPeriod ? [words.period] : []), words.mean, `${words.intervalShort} ${words.lower}`, `${words.intervalShort} ${words.upper}`, words.organisations, ...(withRespondents ? [words.respondents] : []), words.status];
  const number = (value: number | null, text: (v: number) => string, name: string) =>
    value === null ? `<td class="number" data-field="${name}"></td>` : `<td class="number" data-field="${name}" data-value="${value}">${text(value)}</td>`;
  const rows = cells.map((cell) => {
    const period = withPeriod ? `<td data-field="period">${escapeHtml(cell.period)}${cell.versionChanged ? ` <span class="version-break">(${escapeHtml(words.versionBreak)} v${Math.max(...cell.versions)})</span>` : ""}</td>` : "";
    const lead = `<tr data-code="${escapeHtml(cell.code)}" data-period="${escapeHtml(cell.period)}" data-status="${escapeHtml(cell.status)}"><th scope="row">${escapeHtml(cell.label)}</th>${period}`;
    if (cell.status !== "published") {
      const why = reasonText(cell, words, minimumOrganisations);
      const mark = `<td class="number hidden-figure" data-field="mean"><abbr title="${escapeHtml(why)}">${markOf(cell)}</abbr></td>`;
      return `${lead}${mark}<td class="number" data-field="lower">${markOf(cell)}</td><td class="number" data-field="upper">${markOf(cell)}</td><td class="number" data-field="organisations">${markOf(cell)}</td>${withRespondents ? `<td class="number" data-field="respondents">${markOf(cell)}</td>` : ""}<td data-field="status" data-reason="${escapeHtml(cell.reason ?? "")}">${escapeHtml(why)}</td></tr>`;
    }

    return `${lead}${number(cell.mean, (v) => numbers.decimal(v), "mean")}${number(cell.lower, (v) => numbers.decimal(v), "lower")}${number(cell.upper, (v) => numbers.decimal(v), "upper")}${number(cell.organisations, (v) => numbers.whole(v), "organisations")}${withRespondents ? number(cell.respondents, (v) => numbers.whole(v), "respondents") : ""}<td data-field="status">${escapeHtml(words.published)}</td></tr>`;
  });
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="${escapeHtml(caption)}">
    <table class="figures">
      <caption>${escapeHtml(caption)}</caption>
      <thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>
      <tbody>${rows.join("")}</tbody>
    </table>
  </div>`;
}
