/**
 * The paper's precision study: test and train accuracy against bits per weight K for one
 * dataset, mean over filter seeds with a min-max band, and the classical baselines on the
 * same features as horizontal reference lines.
 */
import * as d3 from "d3";
import type { BaselineSummary, CellSummary } from "../results/types.ts";
import { drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { samplerLabel } from "./comparisons.ts";
import { drawAxes } from "./axes.ts";
import { drawLegend, legendHeight, type LegendItem } from "./legend.ts";
import { createFigure } from "./svg_document.ts";
import { seriesColor, textWidth, theme } from "./theme.ts";

/** What the figure draws: one dataset's cells and baselines. */
export interface AccuracyVsBitsInput {
  readonly dataset: string;
  readonly cells: readonly CellSummary[];
  readonly baselines: readonly BaselineSummary[];
  /** Series name of a cell (default "sampler, policy"); the cross-run figure names runs. */
  readonly seriesOf?: (cell: CellSummary) => string;
  /** Title override (default "Accuracy vs bit precision — DATASET"). */
  readonly title?: string;
}

/** Mean and range of one metric over seeds at one K. */
interface Stat {
  readonly bits: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** Fill opacities of the test and train spread bands (the legend shows both). */
const TEST_BAND = 0.2;
const TRAIN_BAND = 0.07;

/** Marker shapes by series, so overlapping series differ in more than colour. */
const SHAPES = [d3.symbolCircle, d3.symbolSquare, d3.symbolTriangle, d3.symbolDiamond];

const BASELINE_LABEL: Record<string, string> = {
  exact: "exact optimum",
  sgd: "SGD",
};

/** Renders the accuracy-vs-K figure as a standalone SVG string. */
export function accuracyVsBitsSvg(input: AccuracyVsBitsInput): string {
  const notes: string[] = [];
  let skipped = 0;
  // One series per configuration (every id part but the seed and K): the figure compares like
  // with like, and never averages two samplers or two settings of one sampler into one line.
  const seriesOf = input.seriesOf ?? configurationSeries;
  const groups = d3.group(input.cells, seriesOf);
  const series = [...groups.entries()].map(([name, cells], index) => {
    const stats = (pick: (c: CellSummary) => number): Stat[] => {
      const byBits = d3.group(cells as CellSummary[], (c: CellSummary) => c.bits);
      return [...byBits.entries()].map(([bits, group]) => {
        const values = (group as CellSummary[]).map(pick).filter((v) => {
          if (Number.isFinite(v)) return true;
          skipped++;
          return false;
        });
        return {
          bits: bits as number,
          mean: values.length ? d3.mean(values)! : NaN,
          min: values.length ? d3.min(values)! : NaN,
          max: values.length ? d3.max(values)! : NaN,
          count: values.length,
        };
      }).filter((s) => s.count > 0).sort((a, b) => a.bits - b.bits);
    };
    return {
      name,
      shape: index % SHAPES.length,
      // Overlapping series are spread sideways a little around each K.
      dodge: 0,
      color: seriesColor(index),
      test: stats((c) => c.testAccuracy * 100),
      train: stats((c) => c.trainAccuracy * 100),
    };
  });
  if (skipped > 0) notes.push(`${skipped} non-finite accuracy value(s) skipped.`);

  if (series.length === 0) notes.push("No cells for this dataset.");
  const seeds = new Set(input.cells.map((c) => c.seed));
  const maxPerPoint = d3.max(series.flatMap((s) => s.test.map((p) => p.count))) ?? 0;
  if (maxPerPoint <= 1) notes.push("One seed per point: no spread band.");

  const baselines = ["exact", "sgd"].map((method) => {
    const values = input.baselines.filter((b) => b.method === method)
      .map((b) => b.testAccuracy * 100).filter(Number.isFinite);
    if (values.length === 0) notes.push(`No ${BASELINE_LABEL[method]} baseline recorded.`);
    return { method, value: values.length ? d3.mean(values)! : NaN, count: values.length };
  }).filter((b) => b.count > 0);

  // Layout.
  const width = theme.width;
  const legendItems: LegendItem[] = [];
  const single = series.length === 1;
  for (const s of series) {
    const prefix = single ? "QUBO head" : s.name;
    legendItems.push({
      label: `${prefix} test`,
      color: s.color,
      kind: "line",
      withMarker: true,
      shape: s.shape,
    });
    legendItems.push({ label: `${prefix} train`, color: s.color, kind: "line", dash: "5,3" });
  }
  if (maxPerPoint > 1) {
    legendItems.push({
      label: "test: min\u2013max over seeds",
      color: seriesColor(0),
      kind: "band",
      opacity: TEST_BAND,
    });
    legendItems.push({
      label: "train: min\u2013max over seeds",
      color: seriesColor(0),
      kind: "band",
      opacity: TRAIN_BAND,
    });
  }
  for (const b of baselines) {
    legendItems.push({
      label: `${BASELINE_LABEL[b.method]} (test)`,
      color: theme.baseline[b.method],
      kind: "line",
      dash: b.method === "exact" ? "2,3" : "8,3,2,3",
    });
  }
  const margin = { left: 62, right: 24 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = 270;
  const legendTop = 58;
  const plotTop = legendTop + legendHeight(legendItems, width - 28) + 10;
  const height = plotTop + plotHeight + 48 + notesHeight(notes.length);

  const figure = createFigure(width, height, `Accuracy vs bits: ${input.dataset}`);
  const svg = figure.svg;
  drawTitle(
    svg,
    input.title ?? `Accuracy vs bit precision \u2014 ${input.dataset}`,
    `${seeds.size} filter seed${seeds.size === 1 ? "" : "s"}; lines: mean over seeds`,
  );
  drawLegend(svg, legendItems, 14, legendTop, width - 28);

  const allBits = [...new Set(input.cells.map((c) => c.bits))].sort((a, b) => a - b);
  const [kMin, kMax] = allBits.length ? [allBits[0], allBits[allBits.length - 1]] : [0, 1];
  const pad = kMax > kMin ? (kMax - kMin) * 0.06 : 1;
  const x = d3.scaleLinear().domain([kMin - pad, kMax + pad]).range([0, plotWidth]);
  const shown = [
    ...series.flatMap((s) => [...s.test, ...s.train].flatMap((p) => [p.min, p.max])),
    ...baselines.map((b) => b.value),
  ];
  const lo = d3.min(shown) ?? 0;
  const hi = d3.max(shown) ?? 100;
  const span = Math.max(hi - lo, 2);
  const y = d3.scaleLinear()
    .domain([Math.max(0, lo - 0.08 * span), Math.min(100, hi + 0.08 * span)])
    .range([plotHeight, 0]).nice();

  const g = svg.append("g").attr("transform", `translate(${margin.left},${plotTop})`);
  drawAxes(g, x, y, d3, {
    width: plotWidth,
    height: plotHeight,
    xLabel: "bits per weight K",
    yLabel: "accuracy (%)",
    xTicks: allBits,
    xFormat: (v) => String(v),
    yFormat: (v) => String(v),
  });

  const step = series.length > 1 ? Math.min(8, plotWidth / (allBits.length + 1) / 6) : 0;
  series.forEach((s, i) => (s.dodge = (i - (series.length - 1) / 2) * step));
  // What a baseline label must not cover: every marker, and points along every line.
  const obstacles: [number, number][] = [];
  for (const s of series) {
    for (const stats of [s.test, s.train]) {
      stats.forEach((p, i) => {
        obstacles.push([x(p.bits) + s.dodge, y(p.mean)]);
        const next = stats[i + 1];
        if (!next) return;
        for (let t = 0.1; t < 1; t += 0.1) {
          obstacles.push([
            x(p.bits + t * (next.bits - p.bits)) + s.dodge,
            y(p.mean + t * (next.mean - p.mean)),
          ]);
        }
      });
    }
  }
  for (const b of baselines) {
    const yy = y(b.value);
    g.append("line").attr("x1", 0).attr("x2", plotWidth).attr("y1", yy).attr("y2", yy)
      .attr("stroke", theme.baseline[b.method]).attr("stroke-width", 1.3)
      .attr("stroke-dasharray", b.method === "exact" ? "2,3" : "8,3,2,3");
    // The label goes at the end of its line, above or below, wherever it is farthest from any
    // data; a white halo keeps crossing lines legible.
    const text = `${BASELINE_LABEL[b.method]} ${b.value.toFixed(1)} %`;
    const w = textWidth(text, theme.tickSize);
    const candidates = [
      { x0: plotWidth - 4 - w, top: yy - 16, anchor: "end", tx: plotWidth - 4, ty: yy - 5 },
      { x0: 4, top: yy - 16, anchor: "start", tx: 4, ty: yy - 5 },
      { x0: plotWidth - 4 - w, top: yy + 2, anchor: "end", tx: plotWidth - 4, ty: yy + 13 },
      { x0: 4, top: yy + 2, anchor: "start", tx: 4, ty: yy + 13 },
    ].filter((c) => c.top >= -4 && c.top + 14 <= plotHeight + 4);
    const clearance = (c: { x0: number; top: number }) =>
      Math.min(
        Infinity,
        ...obstacles.map(([px, py]) => {
          const dx = Math.max(c.x0 - px, 0, px - (c.x0 + w));
          const dy = Math.max(c.top - py, 0, py - (c.top + 14));
          return Math.hypot(dx, dy);
        }),
      );
    const best = candidates.reduce(
      (a, c) => (clearance(c) > clearance(a) + 0.5 ? c : a),
      candidates[0] ??
        { x0: plotWidth - 4 - w, top: yy - 16, anchor: "end", tx: plotWidth - 4, ty: yy - 5 },
    );
    // Later labels avoid this one too.
    for (let px = best.x0; px <= best.x0 + w; px += 6) obstacles.push([px, best.top + 7]);
    g.append("text").attr("class", "baseline-label").attr("x", best.tx).attr("y", best.ty)
      .attr("text-anchor", best.anchor)
      .attr("font-size", theme.tickSize).attr("fill", theme.baseline[b.method])
      .attr("stroke", theme.background).attr("stroke-width", 3).attr("paint-order", "stroke")
      .text(text);
  }

  for (const s of series) {
    const px = (p: Stat) => x(p.bits) + s.dodge;
    if (maxPerPoint > 1) {
      const band = d3.area<Stat>().x(px)
        .y0((p: Stat) => y(p.min)).y1((p: Stat) => y(p.max));
      g.append("path").attr("class", "band-test").attr("d", band(s.test) ?? "")
        .attr("fill", s.color)
        .attr("fill-opacity", TEST_BAND).attr("stroke", "none");
      g.append("path").attr("class", "band-train").attr("d", band(s.train) ?? "")
        .attr("fill", s.color).attr("fill-opacity", TRAIN_BAND).attr("stroke", "none");
    }
    const line = d3.line<Stat>().x(px).y((p: Stat) => y(p.mean));
    g.append("path").attr("d", line(s.train) ?? "").attr("fill", "none").attr("stroke", s.color)
      .attr("stroke-width", 1.6).attr("stroke-dasharray", "5,3");
    g.append("path").attr("d", line(s.test) ?? "").attr("fill", "none").attr("stroke", s.color)
      .attr("stroke-width", 2);
    const symbol = d3.symbol().type(SHAPES[s.shape]).size(48);
    g.selectAll(null).data(s.test).join("path").attr("class", "test-marker").attr("d", symbol())
      .attr("transform", (p: Stat) => `translate(${px(p)},${y(p.mean)})`).attr("fill", s.color);
    g.selectAll(null).data(s.train).join("circle").attr("cx", px)
      .attr("cy", (p: Stat) => y(p.mean)).attr("r", 3).attr("fill", theme.background)
      .attr("stroke", s.color).attr("stroke-width", 1.3);
  }
  drawNotes(svg, notes, margin.left, plotTop + plotHeight + 50);
  return figure.finish();
}

/**
 * "sa, trust", plus what else tells the cell's configuration apart in its id (other samplers'
 * settings, feature or training fields that vary): "sa, trust (numSweeps=50)".
 */
export function configurationSeries(cell: CellSummary): string {
  const extra = cell.id.split("/").slice(1).filter((part) =>
    !/^(seed|K|policy)=/.test(part) && part !== cell.sampler
  );
  const base = `${samplerLabel(cell.sampler)}, ${cell.policy}`;
  return extra.length ? `${base} (${extra.join(", ")})` : base;
}
