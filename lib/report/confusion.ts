/**
 * Test-set confusion matrix of one model: counts in the cells, colour by the row-normalised
 * fraction (so rare classes read as clearly as common ones), class names on both axes.
 */
import * as d3 from "d3";
import { drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawColourBar } from "./colour_bar.ts";
import { createFigure } from "./svg_document.ts";
import { textWidth, theme } from "./theme.ts";

/** What the figure draws. */
export interface ConfusionInput {
  /** Title context, e.g. the cell id and its test accuracy. */
  readonly label: string;
  /** confusion[true][predicted] counts. */
  readonly confusion: readonly (readonly number[])[];
  readonly classNames: readonly string[];
}

/** Count labels stop fitting beyond this many classes; colour alone then. */
const MAX_LABELLED_CLASSES = 20;

/** Renders the confusion-matrix figure as a standalone SVG string. */
export function confusionSvg(input: ConfusionInput): string {
  const c = input.confusion.length;
  const names = Array.from({ length: c }, (_, i) => input.classNames[i] ?? String(i));
  const notes: string[] = [];
  let bad = 0;
  const counts = input.confusion.map((row) =>
    Array.from({ length: c }, (_, j) => {
      const v = row[j];
      if (Number.isFinite(v) && v >= 0) return v;
      bad++;
      return 0;
    })
  );
  if (bad) notes.push(`${bad} missing or invalid count(s) shown as 0.`);
  const rowSums = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const correct = counts.reduce((a, row, i) => a + row[i], 0);
  if (rowSums.some((s) => s === 0)) notes.push("Classes without test images are shown in grey.");
  const labelled = c <= MAX_LABELLED_CLASSES;
  if (!labelled) notes.push(`${c} classes: counts omitted, colour only.`);

  const longest = d3.max(names, (n: string) => textWidth(n, theme.tickSize)) ?? 10;
  const rotate = longest > 24;
  const margin = { left: Math.min(110, longest + 40), top: 58 };
  const side = Math.min(440, Math.max(200, c * 36));
  const cell = side / c;
  // Rotated labels reach about 0.7 of their (over-estimated) width below the matrix.
  const bottom = (rotate ? Math.min(96, longest * 0.6 + 12) : 24) + 24;
  const width = theme.width;
  const height = margin.top + side + bottom + notesHeight(notes.length) + 8;
  const figure = createFigure(width, height, `Confusion matrix: ${input.label}`);
  const svg = figure.svg;
  drawTitle(
    svg,
    "Confusion matrix (test set)",
    `${input.label}; ${correct} of ${total} correct (${
      total ? ((100 * correct) / total).toFixed(1) : "\u2013"
    } %)`,
  );
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  const colour = (t: number) => d3.interpolateBlues(0.04 + 0.92 * t);
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const fraction = rowSums[i] > 0 ? counts[i][j] / rowSums[i] : NaN;
      g.append("rect").attr("x", j * cell).attr("y", i * cell).attr("width", cell)
        .attr("height", cell).attr("fill", Number.isFinite(fraction) ? colour(fraction) : "#dddddd")
        .attr("stroke", theme.background).attr("stroke-width", 0.5);
      if (labelled && counts[i][j] > 0) {
        g.append("text").attr("x", (j + 0.5) * cell).attr("y", (i + 0.5) * cell)
          .attr("text-anchor", "middle").attr("dominant-baseline", "central")
          .attr("font-size", Math.min(theme.tickSize, cell * 0.34))
          .attr("fill", fraction > 0.55 ? "#ffffff" : theme.ink).text(String(counts[i][j]));
      }
    }
  }
  g.append("rect").attr("width", side).attr("height", side).attr("fill", "none")
    .attr("stroke", theme.axis).attr("stroke-width", 0.8);
  const tickSize = Math.min(theme.tickSize, Math.max(7, cell * 0.5));
  names.forEach((name, i) => {
    g.append("text").attr("x", -6).attr("y", (i + 0.5) * cell).attr("text-anchor", "end")
      .attr("dominant-baseline", "central").attr("font-size", tickSize).text(name);
    const label = g.append("text").attr("font-size", tickSize).text(name);
    if (rotate) {
      label.attr("text-anchor", "end")
        .attr("transform", `translate(${(i + 0.5) * cell},${side + 8}) rotate(-45)`);
    } else {
      label.attr("x", (i + 0.5) * cell).attr("y", side + 16).attr("text-anchor", "middle");
    }
  });
  g.append("text").attr("x", side / 2).attr("y", side + bottom - 6).attr("text-anchor", "middle")
    .text("predicted class");
  g.append("text").attr("transform", `translate(${-margin.left + 16},${side / 2}) rotate(-90)`)
    .attr("text-anchor", "middle").text("true class");
  drawColourBar(svg, d3, {
    x: margin.left + side + 28,
    y: margin.top,
    length: side,
    thickness: 14,
    orientation: "vertical",
    domain: [0, 1],
    color: colour,
    label: "fraction of true class",
    tickValues: [0, 0.25, 0.5, 0.75, 1],
    tickFormat: (v) => String(v),
  });
  drawNotes(svg, notes, margin.left, margin.top + side + bottom + 8);
  return figure.finish();
}
