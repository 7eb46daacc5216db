// The three views (comparison, trend, map): each fetches its answer, draws its chart and writes the
// table with the same numbers and the download of exactly that table as the API's CSV.

import { Api, ApiError, ObservationsResponse, TrendsResponse } from "./api";
import { Catalogue, comparePeriods, dimensionsOf, granularityOf, instrumentLabel, textOf } from "./catalogue";
import { Cell } from "./cells";
import { disposeCharts, drawBars, drawTrend, escapeHtml, Scale } from "./charts";
import { format, Numbers, Words } from "./i18n";
import { cellOfObservation, cellOfPoint, Labels, viewQuery } from "./queries";
import { State, total } from "./state";
import { tableHtml } from "./table";
import { drawTileMap } from "./tilemap";

export interface ViewContext {
  api: Api;
  catalogue: Catalogue;
  state: State;
  words: Words;
  numbers: Numbers;
  labels: Labels;
  /** The grouping's codes in their list order (national first), to sort rows as the filters list them. */
  order: string[];
  /** Whether this view is still the one asked for: a later choice may have started another meanwhile. */
  isCurrent: () => boolean;
  /** Called when the API refuses the token (it expired or was withdrawn). */
  onUnauthorised: () => void;
}

/** Draws the state's view; returns a line for screen readers saying what is now shown. */
export async function renderView(element: HTMLElement, context: ViewContext): Promise<string> {
  const { state, words, catalogue } = context;
  disposeCharts();
  if (!state.instrument || !state.dimension || !state.to) {
    element.innerHTML = `<p class="notice">${escapeHtml(words.noData)}</p>`;
    return words.noData;
  }

  if (state.show !== null && state.show.length === 0 && state.view !== "map") {
    element.innerHTML = `<p class="notice">${escapeHtml(words.show)}: ${escapeHtml(words.showNone)}</p>`;
    return `${words.show}: ${words.showNone}`;
  }

  element.setAttribute("aria-busy", "true");
  element.innerHTML = `<p class="notice">${escapeHtml(words.loading)}</p>`;
  const codes = state.view === "map" ? null : state.show;
  const query = viewQuery(state, catalogue, codes);
  const dimension = dimensionsOf(catalogue, state.instrument).find((d) => d.code === state.dimension)?.label ?? state.dimension;
  const title = `${instrumentLabel(catalogue, state.instrument)}: ${dimension}`;
  try {
    let rows: number;
    let series: SeriesKey | null;
    if (state.view === "trend") {
      const answers = await Promise.all(query.parts.map((p) => context.api.trends(p)));
      if (!context.isCurrent()) return "";
      series = answers[0] ? { instrumentVersion: answers[0].dimensionSeries.instrumentVersion, dimension: answers[0].dimensionSeries.dimension } : null;
      rows = renderTrend(element, context, answers, title);
    } else {
      const answers = await Promise.all(query.parts.map((p) => context.api.observations(p)));
      if (!context.isCurrent()) return "";
      series = latestSeries(answers);
      for (const answer of answers) answer.observations = answer.observations.filter((o) => sameSeries(o.series, series));
      rows = renderCells(element, context, answers, title);
    }

    addDownload(element, context, query.parts, series, `leercultuur-${state.instrument}-${state.dimension}-${state.view}-${query.periods.start}-${query.periods.end}.csv`);
    return `${title}: ${rows} ${words.rows}`;
  } catch (error) {
    if (!context.isCurrent()) return "";
    if (error instanceof ApiError && error.status === 401) {
      context.onUnauthorised();
    }

    const message = `${words.failed}: ${error instanceof Error ? error.message : String(error)}`;
    element.innerHTML = `<div class="notice error" role="alert">${escapeHtml(message)}</div>`;
    return message;
  } finally {
    if (context.isCurrent()) element.removeAttribute("aria-busy");
  }
}

interface SeriesKey {
  instrumentVersion: number;
  dimension: string;
}

function sameSeries(a: SeriesKey | undefined, b: SeriesKey | null): boolean {
  return b === null || a === undefined || (a.instrumentVersion === b.instrumentVersion && a.dimension === b.dimension);
}

/**
 * The series a dimension key names now: in a period where a new version gives an old key to a new
 * series, the answer holds both; the dashboard shows the latest version's, as the trends answer does.
 */
function latestSeries(answers: ObservationsResponse[]): SeriesKey | null {
  let latest: { version: number; series: SeriesKey } | null = null;
  for (const row of answers.flatMap((a) => a.observations)) {
    if (row.series && (latest === null || row.instrumentVersion > latest.version)) {
      latest = { version: row.instrumentVersion, series: row.series };
    }
  }

  return latest?.series ?? null;
}

function scaleOf(context: ViewContext, cells: Cell[]): Scale {
  const scale = textOf(context.catalogue, context.state.instrument ?? "")?.scale;
  if (scale) {
    return { min: scale.min, max: scale.max };
  }

  const values = cells.flatMap((c) => [c.lower, c.upper, c.mean]).filter((v): v is number => v !== null);
  return values.length === 0 ? { min: 0, max: 1 } : { min: Math.floor(Math.min(...values)), max: Math.ceil(Math.max(...values)) };
}

function sorted(cells: Cell[], order: string[]): Cell[] {
  const rank = (code: string) => {
    const index = order.indexOf(code);
    return index < 0 ? order.length : index;
  };
  return [...cells].sort((a, b) => rank(a.code) - rank(b.code) || a.label.localeCompare(b.label) || comparePeriods(a.period, b.period));
}

function minimum(answers: { minimumOrganisations: number }[]): number {
  return Math.max(...answers.map((a) => a.minimumOrganisations));
}

function heading(context: ViewContext, title: string, subtitle: string, k: number): string {
  const { words } = context;
  return `<h2 id="result-title">${escapeHtml(title)}</h2>
    <p class="result-subtitle">${escapeHtml(subtitle)}</p>
    <p class="disclosure">${escapeHtml(format(words.disclosure, { k }))}</p>`;
}

function legendOf(cells: Cell[], words: Words): string {
  const provisional = cells.some((c) => c.status === "provisional");
  return `<li><span class="swatch swatch-hatch"></span>${escapeHtml(words.legendSuppressed)}</li>${provisional ? `<li><span class="swatch swatch-hatch"></span>${escapeHtml(words.legendProvisional)}</li>` : ""}`;
}

function renderCells(element: HTMLElement, context: ViewContext, answers: ObservationsResponse[], title: string): number {
  const { state, words, numbers, labels } = context;
  const group = state.view === "map" ? "province" : state.group;
  const cells = sorted(answers.flatMap((a) => a.observations.map((o) => cellOfObservation(o, group, labels))), context.order);
  const k = minimum(answers);
  const scale = scaleOf(context, cells);
  const groupWord = words[group];
  const subtitle = `${words.groupBy} ${groupWord.toLowerCase()} · ${words.period} ${state.to}`;
  if (state.view === "map") {
    const caption = `${words.mapCaption} · ${state.to}`;
    element.innerHTML = `${heading(context, title, subtitle, k)}
      <figure class="chart-figure"><figcaption>${escapeHtml(caption)}</figcaption><div id="map" class="map"></div></figure>
      ${tableHtml(cells, `${words.table}: ${caption}`, false, words, numbers, k)}`;
    drawTileMap(element.querySelector<HTMLElement>("#map")!, cells.filter((c) => c.code !== total), scale, words, numbers, k, caption);
    return cells.length;
  }

  const caption = `${words.barCaption} · ${state.to}`;
  element.innerHTML = `${heading(context, title, subtitle, k)}
    <figure class="chart-figure"><figcaption>${escapeHtml(caption)}</figcaption>
      <div id="bars" class="chart" role="img" aria-label="${escapeHtml(`${caption}. ${words.chartAlt}`)}"></div>
      <ul class="trend-legend" aria-label="${escapeHtml(words.legend)}"><li><span class="key-line"></span>${escapeHtml(words.barLegend)}</li>${legendOf(cells, words)}</ul>
    </figure>
    ${tableHtml(cells, `${words.table}: ${caption}`, false, words, numbers, k)}`;
  if (cells.length === 0) {
    element.querySelector("#bars")!.outerHTML = `<p class="notice">${escapeHtml(words.noData)}</p>`;
    return 0;
  }

  const bars = element.querySelector<HTMLElement>("#bars")!;
  bars.style.height = `${Math.max(160, cells.length * 34 + 60)}px`;
  drawBars(bars, cells, scale, words, numbers, k);
  return cells.length;
}

function renderTrend(element: HTMLElement, context: ViewContext, answers: TrendsResponse[], title: string): number {
  const { state, words, numbers, labels, catalogue } = context;
  const granularity = granularityOf(state.to ?? "");
  const start = state.from ?? state.to ?? "";
  const periods = catalogue.periods
    .filter((p) => p.granularity === granularity && comparePeriods(p.period, start) >= 0 && comparePeriods(p.period, state.to ?? "") <= 0)
    .map((p) => p.period)
    .sort(comparePeriods);
  const series = answers.flatMap((a) => a.series);
  const cells = sorted(series.flatMap((s) => s.points.map((p) => cellOfPoint(s, p, state.group, labels))), context.order);
  for (const cell of cells) {
    if (!periods.includes(cell.period)) periods.push(cell.period);
  }

  periods.sort(comparePeriods);
  const k = minimum(answers);
  const scale = scaleOf(context, cells);
  const groups = [...new Map(cells.map((c) => [c.code, c.label])).entries()];
  const caption = `${words.trendCaption} · ${start} – ${state.to}`;
  const subtitle = `${words.groupBy} ${words[state.group].toLowerCase()} · ${start} – ${state.to}`;
  // The total (or the national figure, by programme) beside every other group, for comparison.
  const reference = cells.some((c) => c.code === total) ? cells.filter((c) => c.code === total) : null;
  const referenceLabel = reference?.[0]?.label ?? "";
  const key = `<ul class="trend-legend" aria-label="${escapeHtml(words.legend)}">
      <li><span class="key-line"></span>${escapeHtml(words.trendLegendGroup)}</li>
      ${reference ? `<li><span class="key-line reference"></span>${escapeHtml(referenceLabel)} (${escapeHtml(words.reference)})</li>` : ""}
      ${legendOf(cells, words)}
      <li><span class="key-line break"></span>${escapeHtml(words.versionBreak)}</li>
    </ul>`;
  element.innerHTML = `${heading(context, title, subtitle, k)}
    ${groups.length > 0 ? key : ""}
    <div class="small-multiples">
      ${groups
        .map(
          ([code, label], index) => `<figure class="chart-figure small" data-code="${escapeHtml(code)}">
            <figcaption>${escapeHtml(label)}</figcaption>
            <div id="trend-${index}" class="chart trend" role="img" aria-label="${escapeHtml(`${label}: ${caption}. ${words.chartAlt}`)}"></div>
          </figure>`,
        )
        .join("")}
    </div>
    ${groups.length === 0 ? `<p class="notice">${escapeHtml(words.noData)}</p>` : ""}
    ${tableHtml(cells, `${words.table}: ${caption}`, true, words, numbers, k)}`;
  groups.forEach(([code], index) => {
    drawTrend(element.querySelector<HTMLElement>(`#trend-${index}`)!, periods, cells.filter((c) => c.code === code), code === total ? null : reference, scale, words, numbers, k);
  });
  return cells.length;
}

/**
 * The download of what the view shows, as the API's CSV of the same query. Grouped by programme, the
 * national rows come first and the programmes' after them, under one header. Rows of another series
 * under the same key (a changeover period, see latestSeries) are left out, as on the screen.
 */
function addDownload(element: HTMLElement, context: ViewContext, parts: URLSearchParams[], series: SeriesKey | null, fileName: string): void {
  const { words } = context;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "download";
  button.id = "download-csv";
  button.textContent = words.download;
  const status = document.createElement("span");
  status.className = "download-status";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    status.textContent = "";
    try {
      const texts = await Promise.all(parts.map((p) => context.api.observationsCsv(csvQuery(p))));
      const csv = texts.map((text, index) => ofSeries(index === 0 ? text : text.slice(text.indexOf("\n") + 1), series, texts[0])).join("");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      status.textContent = `${words.downloadFailed}: ${error instanceof Error ? error.message : String(error)}`;
    }
  });
  const wrap = document.createElement("p");
  wrap.className = "download-wrap";
  wrap.append(button, status);
  element.append(wrap);
}

/** The lines of a CSV whose series columns name the series (the header line always stays). */
function ofSeries(text: string, series: SeriesKey | null, withHeader: string): string {
  if (series === null) return text;
  const header = splitCsvLine(withHeader.slice(0, withHeader.indexOf("\n")).replace(/\r$/, ""));
  const version = header.indexOf("seriesVersion");
  const dimension = header.indexOf("seriesDimension");
  if (version < 0 || dimension < 0) return text;
  const lines = text.split("\n");
  return lines
    .filter((line, index) => {
      if (line === "" || (index === 0 && line.replace(/\r$/, "") === header.join(","))) return true;
      const fields = splitCsvLine(line.replace(/\r$/, ""));
      return fields[version] === String(series.instrumentVersion) && fields[dimension] === series.dimension;
    })
    .join("\n");
}

/** One CSV line into its fields (quoted fields may hold commas and doubled quotes; labels hold no line breaks). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }

  fields.push(field);
  return fields;
}

/** The observations query of a view part: a trend's part asks for the same rows as observations. */
export function csvQuery(part: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams(part);
  query.set("format", "csv");
  return query;
}
