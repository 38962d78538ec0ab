/**
 * The learned weights of one class mapped back onto the pooled feature grid: one small image
 * per random filter (d = filters x height x width, filter-major), diverging colours centred
 * on zero so the sign of every weight reads at a glance.
 */
import * as d3 from "d3";
import { drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawColourBar } from "./colour_bar.ts";
import { createFigure } from "./svg_document.ts";
import { theme } from "./theme.ts";

/** What the figure draws. */
export interface WeightMapsInput {
  /** Title context, e.g. the cell id. */
  readonly label: string;
  /** Final weights: (d+1) rows (features, then bias) x C columns. */
  readonly weights: readonly (readonly number[])[];
  readonly featureGrid: {
    readonly filters: number;
    readonly height: number;
    readonly width: number;
  };
  readonly classIndex: number;
  readonly className: string;
}

/** Renders the weight-map figure as a standalone SVG string. */
export function weightMapsSvg(input: WeightMapsInput): string {
  const { filters, height: gh, width: gw } = input.featureGrid;
  const d = filters * gh * gw;
  const notes: string[] = [];
  const column = input.weights.map((row) => row[input.classIndex]);
  if (column.length !== d + 1) {
    notes.push(
      `Weights have ${column.length} rows, the feature grid needs ${d + 1}: missing ones blank.`,
    );
  }
  const values = column.slice(0, d);
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < d) {
    notes.push(`${d - finite.length} missing or non-finite weight(s) in grey.`);
  }
  const bound = Math.max(d3.max(finite, (v: number) => Math.abs(v)) ?? 0, 1e-12);
  const colour = (w: number) => d3.interpolateRdBu(0.5 - (0.5 * w) / bound); // red > 0 > blue
  const bias = column[d];

  // Tiles: up to 8 filters per row, each tile square-ish, the whole grid <= 560 px wide.
  const perRow = Math.min(filters, 8);
  const rows = Math.ceil(filters / perRow);
  const gap = 14;
  const tileWidth = Math.min(120, (560 - (perRow - 1) * gap) / perRow);
  const cell = Math.max(1, tileWidth / Math.max(gw, gh));
  const tileW = cell * gw, tileH = cell * gh;
  const top = 62;
  const left = (theme.width - (perRow * tileW + (perRow - 1) * gap)) / 2;
  const gridHeight = rows * (tileH + 22) - 4;
  const barTop = top + gridHeight + 14;
  const height = barTop + 56 + notesHeight(notes.length);
  const figure = createFigure(theme.width, height, `Weight maps: ${input.label}`);
  const svg = figure.svg;
  drawTitle(
    svg,
    `Learned weights of class \u201c${input.className}\u201d on the pooled feature grid`,
    `${input.label}; ${filters} filter${filters === 1 ? "" : "s"} \u00d7 ${gh} \u00d7 ${gw}` +
      (Number.isFinite(bias) ? `; bias ${d3.format(".3~g")(bias)}` : ""),
  );
  for (let f = 0; f < filters; f++) {
    const tx = left + (f % perRow) * (tileW + gap);
    const ty = top + Math.floor(f / perRow) * (tileH + 22);
    const g = svg.append("g").attr("transform", `translate(${tx},${ty})`);
    g.append("text").attr("x", tileW / 2).attr("y", 10).attr("text-anchor", "middle")
      .attr("font-size", theme.tickSize).attr("fill", theme.muted).text(`filter ${f + 1}`);
    for (let r = 0; r < gh; r++) {
      for (let c = 0; c < gw; c++) {
        const v = values[f * gh * gw + r * gw + c];
        g.append("rect").attr("x", c * cell).attr("y", 16 + r * cell).attr("width", cell)
          .attr("height", cell).attr("fill", Number.isFinite(v) ? colour(v) : "#cccccc");
      }
    }
    g.append("rect").attr("y", 16).attr("width", tileW).attr("height", tileH).attr("fill", "none")
      .attr("stroke", theme.axis).attr("stroke-width", 0.6);
  }
  drawColourBar(svg, d3, {
    x: theme.width / 2 - 140,
    y: barTop,
    length: 280,
    thickness: 10,
    orientation: "horizontal",
    domain: [-bound, bound],
    color: colour,
    label: "weight (logit units per standardised feature)",
    tickValues: [-bound, -bound / 2, 0, bound / 2, bound],
    tickFormat: (v) => d3.format(".2~g")(v),
  });
  drawNotes(svg, notes, 14, barTop + 56);
  return figure.finish();
}
