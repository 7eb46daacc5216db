// Copies the hand-written static files (page, styles) next to the bundle in dist/, and gathers the
// licences of what the bundle holds into dist/licences.txt (Apache-2.0 §4 asks for the licence and NOTICE).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

mkdirSync("dist", { recursive: true });
cpSync("static", "dist", { recursive: true });

const parts = [
  ["Apache ECharts 6.1.0 (https://echarts.apache.org): NOTICE", "node_modules/echarts/NOTICE"],
  ["Apache ECharts 6.1.0: LICENSE", "node_modules/echarts/LICENSE"],
  ["ZRender (ECharts' renderer, bundled with it): LICENSE", "node_modules/zrender/LICENSE"],
  ["tslib (TypeScript's helpers, bundled): LICENSE", "node_modules/tslib/LICENSE.txt"],
];
const text = [
  "The Leercultuur monitor dashboard bundles the following software. Their licences follow.",
  ...parts.map(([title, file]) => `\n==== ${title} ====\n\n${readFileSync(file, "utf8")}`),
].join("\n");
writeFileSync("dist/licences.txt", text);
