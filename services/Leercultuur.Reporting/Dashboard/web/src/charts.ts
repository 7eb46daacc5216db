// Charts drawn with Apache ECharts (Apache-2.0, pinned in package.json). A cell without a figure is drawn
// hatched and marked (x suppressed, … provisional), never as zero or as a gap.

import * as echarts from "echarts/core";
import { BarChart, CustomChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { Cell, markOf, reasonText } from "./cells";
import { Numbers, Words } from "./i18n";

echarts.use([BarChart, LineChart, CustomChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, AriaComponent, CanvasRenderer]);

export const colours = {
  bar: "#01689b", // Rijkshuisstijl hemelblauw: 6.2:1 on white
  interval: "#154273",
  text: "#1a1a1a",
  axis: "#595959",
  hatch: "#6e6e6e",
  hatchBackground: "#f3f3f3",
};

let hatchCanvas: HTMLCanvasElement | null = null;

/** Diagonal hatching: the one fill a suppressed or provisional cell gets, in every chart. */
export function hatch(): HTMLCanvasElement {
  if (hatchCanvas) {
    return hatchCanvas;
  }

  const canvas = document.createElement("canvas");
  canvas.width = 8;
  canvas.height = 8;
  const context = canvas.getContext("2d");
  if (context) {
    context.fillStyle = colours.hatchBackground;
    context.fillRect(0, 0, 8, 8);
    context.strokeStyle = colours.hatch;
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.moveTo(-2, 2);
    context.lineTo(2, -2);
    context.moveTo(6, 10);
    context.lineTo(10, 6);
    context.stroke();
  }

  hatchCanvas = canvas;
  return canvas;
}

export interface Scale {
  min: number;
  max: number;
}

const charts = new Set<echarts.ECharts>();

/** Disposes every chart drawn before: a new answer replaces them all. */
export function disposeCharts(): void {
  for (const chart of charts) {
    chart.dispose();
  }

  charts.clear();
}

window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));

function chartIn(element: HTMLElement): echarts.ECharts {
  const chart = echarts.init(element, null, { renderer: "canvas" });
  charts.add(chart);
  return chart;
}

function tooltipOf(cell: Cell, words: Words, numbers: Numbers, minimumOrganisations: number): string {
  const lines = [`<strong>${escapeHtml(cell.label)}</strong> · ${escapeHtml(cell.period)}`];
  if (cell.status === "published" && cell.mean !== null) {
    lines.push(`${words.mean}: ${numbers.decimal(cell.mean)}`);
    if (cell.lower !== null && cell.upper !== null) {
      lines.push(`${words.interval}: ${numbers.decimal(cell.lower)} – ${numbers.decimal(cell.upper)}`);
    }

    if (cell.organisations !== null) {
      lines.push(`${words.organisations}: ${numbers.whole(cell.organisations)}`);
    }
  } else {
    lines.push(`${markOf(cell)} ${escapeHtml(reasonText(cell, words, minimumOrganisations))}`);
  }

  return lines.join("<br>");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** Horizontal bars: one per group, the mean with its 95% interval and n; hatched "x" where there is no figure. */
export function drawBars(element: HTMLElement, cells: Cell[], scale: Scale, words: Words, numbers: Numbers, minimumOrganisations: number): void {
  const chart = chartIn(element);
  // n beside the group's name: it belongs to the group, and a label on the bar would collide with the whisker.
  const labels = cells.map((c) => (c.status === "published" && c.organisations !== null ? `${c.label} (n = ${numbers.whole(c.organisations)})` : c.label));
  const shown = cells.map((c) => (c.status === "published" && c.mean !== null ? c.mean : null));
  chart.setOption({
    aria: { enabled: false },
    animation: false,
    textStyle: { color: colours.text, fontFamily: "inherit" },
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: (parameters: { dataIndex: number }) => tooltipOf(cells[parameters.dataIndex], words, numbers, minimumOrganisations),
    },
    xAxis: { type: "value", min: scale.min, max: scale.max, axisLabel: { color: colours.axis, formatter: (v: number) => numbers.decimal(v) } },
    yAxis: { type: "category", data: labels, inverse: true, axisLabel: { color: colours.text, width: 260, overflow: "truncate", fontSize: 13 } },
    series: [
      {
        // The hatched column stands where a figure would be, across the whole scale, with its mark.
        type: "bar",
        barGap: "-100%",
        silent: false,
        data: cells.map((c) =>
          c.status === "published"
            ? { value: null }
            : {
                value: scale.max,
                itemStyle: { color: { image: hatch(), repeat: "repeat" }, borderColor: colours.hatch, borderWidth: 1 },
                label: { show: true, position: "insideLeft", formatter: `${markOf(c)}  ${reasonText(c, words, minimumOrganisations)}`, color: colours.text, backgroundColor: "#ffffff", padding: [1, 4] },
              },
        ),
      },
      {
        type: "bar",
        data: shown.map((value) => ({ value })),
        itemStyle: { color: colours.bar },
      },
      {
        // The 95% interval as a whisker over each bar.
        type: "custom",
        silent: true,
        data: cells.map((c, index) => [index, c.lower, c.upper]),
        renderItem: (_: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[]; size: (p: number[]) => number[] }) => {
          const lower = api.value(1);
          const upper = api.value(2);
          if (lower === null || upper === null || Number.isNaN(lower) || Number.isNaN(upper)) {
            return null;
          }

          const start = api.coord([lower, api.value(0)]);
          const end = api.coord([upper, api.value(0)]);
          const half = api.size([0, 1])[1] * 0.2;
          const style = { stroke: colours.interval, lineWidth: 2 };
          return {
            type: "group",
            children: [
              { type: "line", shape: { x1: start[0], y1: start[1], x2: end[0], y2: end[1] }, style },
              { type: "line", shape: { x1: start[0], y1: start[1] - half, x2: start[0], y2: start[1] + half }, style },
              { type: "line", shape: { x1: end[0], y1: end[1] - half, x2: end[0], y2: end[1] + half }, style },
            ],
          };
        },
        encode: { x: [1, 2], y: 0 },
        z: 3,
      },
    ],
  });
}

/**
 * One group over periods: the mean with its interval; hatched periods without a figure; version breaks
 * marked. A reference (the total or the national figure) runs beside it as a dashed grey line.
 */
export function drawTrend(element: HTMLElement, periods: string[], cells: Cell[], reference: Cell[] | null, scale: Scale, words: Words, numbers: Numbers, minimumOrganisations: number): void {
  const chart = chartIn(element);
  const byPeriod = new Map(cells.map((c) => [c.period, c]));
  const points = periods.map((p) => byPeriod.get(p) ?? null);
  const breaks = points.filter((c): c is Cell => c !== null && c.versionChanged);
  chart.setOption({
    aria: { enabled: false },
    animation: false,
    textStyle: { color: colours.text, fontFamily: "inherit" },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: (parameters: { dataIndex: number }) => {
        const cell = points[parameters.dataIndex];
        return cell ? tooltipOf(cell, words, numbers, minimumOrganisations) : "";
      },
    },
    xAxis: { type: "category", data: periods, axisLabel: { color: colours.axis } },
    yAxis: { type: "value", min: scale.min, max: scale.max, axisLabel: { color: colours.axis, formatter: (v: number) => numbers.decimal(v) } },
    series: [
      {
        // Hatched columns where a period has no figure, marked in the middle of the column.
        type: "bar",
        barWidth: "90%",
        data: points.map((c) =>
          c !== null && c.status !== "published"
            ? {
                value: scale.max,
                itemStyle: { color: { image: hatch(), repeat: "repeat" }, borderColor: colours.hatch, borderWidth: 1 },
                label: { show: true, position: "inside", formatter: markOf(c), color: colours.text, fontSize: 16, fontWeight: "bold", backgroundColor: "#ffffff", padding: 2 },
              }
            : { value: null },
        ),
        barGap: "-100%",
        z: 1,
      },
      {
        type: "line",
        connectNulls: false,
        symbolSize: 8,
        itemStyle: { color: colours.bar },
        lineStyle: { color: colours.bar, width: 2 },
        data: points.map((c) => (c !== null && c.status === "published" ? c.mean : null)),
        markLine: breaks.length === 0
          ? undefined
          : {
              symbol: "none",
              silent: true,
              lineStyle: { color: colours.interval, type: "dashed", width: 2 },
              label: { formatter: (p: { name?: string }) => p.name ?? "", color: colours.text, position: "end" },
              data: breaks.map((c) => ({ xAxis: c.period, name: `v${Math.max(...c.versions)}` })),
            },
        z: 3,
      },
      ...(reference === null
        ? []
        : [
            {
              type: "line",
              silent: true,
              connectNulls: false,
              symbol: "none",
              lineStyle: { color: "#595959", width: 2, type: "dashed" },
              data: periods.map((p) => {
                const cell = reference.find((c) => c.period === p);
                return cell && cell.status === "published" ? cell.mean : null;
              }),
              z: 2,
            },
          ]),
      {
        type: "custom",
        silent: true,
        data: points.map((c, index) => [index, c?.status === "published" ? c.lower : null, c?.status === "published" ? c.upper : null]),
        renderItem: (_: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
          const lower = api.value(1);
          const upper = api.value(2);
          if (lower === null || upper === null || Number.isNaN(lower) || Number.isNaN(upper)) {
            return null;
          }

          const top = api.coord([api.value(0), upper]);
          const bottom = api.coord([api.value(0), lower]);
          const style = { stroke: colours.interval, lineWidth: 1.5 };
          return {
            type: "group",
            children: [
              { type: "line", shape: { x1: top[0], y1: top[1], x2: bottom[0], y2: bottom[1] }, style },
              { type: "line", shape: { x1: top[0] - 5, y1: top[1], x2: top[0] + 5, y2: top[1] }, style },
              { type: "line", shape: { x1: bottom[0] - 5, y1: bottom[1], x2: bottom[0] + 5, y2: bottom[1] }, style },
            ],
          };
        },
        encode: { x: 0, y: [1, 2] },
        z: 2,
      },
    ],
  });
}
