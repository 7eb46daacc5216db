// The twelve provinces as equal tiles in their rough places, coloured by the mean, with a legend.
// Drawn as SVG by hand: twelve squares need no map library, and no map tiles come from elsewhere.

import { Cell, markOf, reasonText } from "./cells";
import { escapeHtml } from "./charts";
import { Numbers, Words } from "./i18n";
import { Scale } from "./charts";

const places: Record<string, [number, number]> = {
  "NL-FR": [1, 0],
  "NL-GR": [2, 0],
  "NL-NH": [0, 1],
  "NL-FL": [1, 1],
  "NL-DR": [2, 1],
  "NL-ZH": [0, 2],
  "NL-UT": [1, 2],
  "NL-OV": [2, 2],
  "NL-ZE": [0, 3],
  "NL-NB": [1, 3],
  "NL-GE": [2, 3],
  "NL-LI": [2, 4],
};

// Five classes of a sequential blue; text on each keeps a contrast of at least 4.5:1.
const classes = ["#dce9f2", "#a9c9e0", "#6fa3c9", "#2f74a8", "#0b4a7a"];
const classText = ["#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff"];

const size = 96;
const gap = 6;

export function drawTileMap(element: HTMLElement, cells: Cell[], scale: Scale, words: Words, numbers: Numbers, minimumOrganisations: number, caption: string): void {
  const published = cells.filter((c) => c.status === "published" && c.mean !== null).map((c) => c.mean as number);
  const low = published.length > 0 ? Math.min(...published) : scale.min;
  const high = published.length > 0 ? Math.max(...published) : scale.max;
  // All published means equal (or one): one class, the middle one, and a legend of that one value.
  const flat = high - low < 1e-9;
  const step = flat ? 0 : (high - low) / classes.length;
  const classOf = (mean: number) => (flat ? Math.floor(classes.length / 2) : Math.min(classes.length - 1, Math.floor((mean - low) / step)));

  const width = 3 * (size + gap);
  const height = 5 * (size + gap);
  const tiles = Object.entries(places).map(([code, [column, row]]) => {
    const cell = cells.find((c) => c.code === code);
    const x = column * (size + gap);
    const y = row * (size + gap);
    const label = escapeHtml(cell?.label ?? code);
    const short = escapeHtml(code.replace("NL-", ""));
    if (!cell || cell.status !== "published" || cell.mean === null) {
      // Marks on the hatching stand on white, for contrast: x suppressed, … provisional, . not in the answer.
      const why = cell ? reasonText(cell, words, minimumOrganisations) : words.missing;
      const mark = cell ? markOf(cell) : ".";
      return `<g class="tile tile-hidden" data-code="${escapeHtml(code)}" data-status="${escapeHtml(cell?.status ?? "missing")}">
        <title>${label}: ${escapeHtml(why)}</title>
        <rect x="${x}" y="${y}" width="${size}" height="${size}" fill="url(#hatch)" stroke="#6e6e6e"/>
        <rect x="${x + size / 2 - 20}" y="${y + 10}" width="40" height="22" fill="#ffffff"/>
        <text x="${x + size / 2}" y="${y + 26}" text-anchor="middle" class="tile-code" fill="#1a1a1a">${short}</text>
        <rect x="${x + size / 2 - 16}" y="${y + 44}" width="32" height="28" fill="#ffffff"/>
        <text x="${x + size / 2}" y="${y + 65}" text-anchor="middle" class="tile-value" fill="#1a1a1a">${mark}</text>
      </g>`;
    }

    const index = classOf(cell.mean);
    return `<g class="tile" data-code="${escapeHtml(code)}" data-status="published">
      <title>${label}: ${escapeHtml(words.mean)} ${numbers.decimal(cell.mean)}, n = ${numbers.whole(cell.organisations ?? 0)}</title>
      <rect x="${x}" y="${y}" width="${size}" height="${size}" fill="${classes[index]}"/>
      <text x="${x + size / 2}" y="${y + 26}" text-anchor="middle" class="tile-code" fill="${classText[index]}">${short}</text>
      <text x="${x + size / 2}" y="${y + 65}" text-anchor="middle" class="tile-value" fill="${classText[index]}">${numbers.decimal(cell.mean)}</text>
    </g>`;
  });

  const legend = flat
    ? `<li><span class="swatch" data-colour="${classes[classOf(low)]}"></span>${numbers.decimal(low)}</li>`
    : classes
        .map((colour, index) => {
          const from = numbers.decimal(low + index * step);
          const to = numbers.decimal(index === classes.length - 1 ? high : low + (index + 1) * step);
          return `<li><span class="swatch" data-colour="${colour}"></span>${from} – ${to}</li>`;
        })
        .join("");
  const provisional = cells.some((c) => c.status === "provisional");
  const missing = Object.keys(places).some((code) => !cells.some((c) => c.code === code));
  element.innerHTML = `
    <div class="tilemap">
      <svg viewBox="-2 -2 ${width + 4} ${height + 4}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(caption)}. ${escapeHtml(words.chartAlt)}">
        <defs>
          <pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#f3f3f3"/>
            <line x1="0" y1="0" x2="0" y2="8" stroke="#6e6e6e" stroke-width="2"/>
          </pattern>
        </defs>
        ${tiles.join("")}
      </svg>
      <div class="legend">
        <h4>${escapeHtml(words.legend)}: ${escapeHtml(words.mean)}</h4>
        <ul>${published.length > 0 ? legend : ""}<li><span class="swatch swatch-hatch"></span>${escapeHtml(words.legendSuppressed)}</li>${
          provisional ? `<li><span class="swatch swatch-hatch"></span>${escapeHtml(words.legendProvisional)}</li>` : ""
        }${missing ? `<li><span class="swatch swatch-hatch"></span>${escapeHtml(words.legendMissing)}</li>` : ""}</ul>
      </div>
    </div>`;
  // Colours through the CSSOM: the page's content security policy allows no inline style elements.
  element.querySelectorAll<HTMLElement>(".swatch[data-colour]").forEach((swatch) => {
    swatch.style.backgroundColor = swatch.dataset.colour ?? "";
  });
}
