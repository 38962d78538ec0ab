/** The sweep table of the report page: one row per cell, every metric a sortable column. */
import type { CellSummary } from "../results/types.ts";
import { samplerLabel } from "./comparisons.ts";
import { escapeHtml, formatNumber, numericCell, textCell } from "./html.ts";

/** Columns of the sweep table, in order. */
export const SWEEP_COLUMNS: readonly string[] = [
  "cell",
  "dataset",
  "seed",
  "K",
  "sampler",
  "policy",
  "n",
  "couplers",
  "train acc. (%)",
  "test acc. (%)",
  "solve quality",
  "seconds",
];

/**
 * The sweep table as HTML: headers are buttons (sorted by the page's inline script), cells
 * carry raw numbers in data-value so sorting is numeric.
 */
export function sweepTableHtml(cells: readonly CellSummary[]): string {
  const head = SWEEP_COLUMNS.map((label, i) =>
    `<th scope="col" aria-sort="none"><button type="button" data-column="${i}">${
      escapeHtml(label)
    }</button></th>`
  ).join("");
  const rows = cells.map((c) =>
    "<tr>" + [
      textCell(c.id),
      textCell(c.dataset),
      numericCell(c.seed, String(c.seed)),
      numericCell(c.bits, String(c.bits)),
      textCell(samplerLabel(c.sampler)),
      textCell(c.policy),
      numericCell(c.variables, formatNumber(c.variables)),
      numericCell(c.couplers, formatNumber(c.couplers)),
      numericCell(c.trainAccuracy, formatNumber(c.trainAccuracy * 100, 2)),
      numericCell(c.testAccuracy, formatNumber(c.testAccuracy * 100, 2)),
      numericCell(c.solveQuality, formatNumber(c.solveQuality, 3)),
      numericCell(c.seconds, formatNumber(c.seconds, 1)),
    ].join("") + "</tr>"
  ).join("\n");
  return `<table class="sortable" id="sweep-table">\n<thead><tr>${head}</tr></thead>\n` +
    `<tbody>\n${rows}\n</tbody>\n</table>`;
}
