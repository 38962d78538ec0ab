/**
 * Training curves per outer iteration for one (dataset, seed, sampler, policy): surrogate
 * decrease, cross-entropy, train accuracy and the annealer's solve quality (the fraction of the
 * continuous decrease its best read reached, every iteration) in stacked panels, one line per
 * K. Each K has its own dash pattern and end marker, and curves that coincide are named in a
 * note, so no line hides behind another unnoticed.
 */
import * as d3 from "d3";
import type { IterationRecord } from "../results/types.ts";
import { drawEmptyMessage, drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawAxes } from "./axes.ts";
import { powerOfTen } from "./colour_bar.ts";
import { drawLegend } from "./legend.ts";
import { createFigure } from "./svg_document.ts";
import { orderedColor, theme } from "./theme.ts";

/** One line of the figure: the iterations of the cell trained with `bits` bits. */
export interface TrainingRun {
  readonly bits: number;
  readonly iterations: readonly IterationRecord[];
}

/** What the figure draws. */
export interface TrainingCurvesInput {
  /** Title context, e.g. "digits, seed 1, sa, trust". */
  readonly label: string;
  readonly runs: readonly TrainingRun[];
}

interface Panel {
  readonly key: "surrogate" | "crossEntropy" | "trainAccuracy" | "solveQuality";
  readonly value: (r: IterationRecord) => number;
  yLabel: string;
  log: boolean;
}

/** Renders the training-curves figure as a standalone SVG string. */
export function trainingCurvesSvg(input: TrainingCurvesInput): string {
  const runs = [...input.runs].sort((a, b) => a.bits - b.bits);
  const allBits = runs.map((r) => r.bits);
  const notes: string[] = [];
  const surrogates = runs.flatMap((r) => r.iterations.map((i) => i.surrogate))
    .filter(Number.isFinite);
  // The kept step's surrogate value is <= 0 and shrinks geometrically as training converges:
  // its magnitude on a log axis shows every iteration; fall back to linear if any is >= 0.
  const logSurrogate = surrogates.length > 0 && surrogates.every((v) => v < 0);
  const panels: Panel[] = [
    {
      key: "surrogate",
      value: (r) => logSurrogate ? -r.surrogate : r.surrogate,
      yLabel: logSurrogate ? "surrogate decrease" : "surrogate value",
      log: logSurrogate,
    },
    {
      key: "crossEntropy",
      value: (r) => r.crossEntropy,
      yLabel: "cross-entropy (nats)",
      log: false,
    },
    {
      key: "trainAccuracy",
      value: (r) => r.trainAccuracy * 100,
      yLabel: "train accuracy (%)",
      log: false,
    },
    {
      key: "solveQuality",
      value: (r) => r.solveQuality,
      yLabel: "solve quality",
      log: false,
    },
  ];
  const skipped: Record<string, number> = {};
  for (const p of panels) {
    for (const r of runs) {
      for (const it of r.iterations) {
        if (!Number.isFinite(p.value(it))) skipped[p.yLabel] = (skipped[p.yLabel] ?? 0) + 1;
      }
    }
  }
  for (const [label, count] of Object.entries(skipped)) {
    notes.push(`${count} non-finite ${label} value(s) skipped (lines break there).`);
  }
  const panelHeight = 96;
  // The y scale of a panel, shared by the drawing and the overlap check below.
  const scaleFor = (panel: Panel) => {
    const values = runs.flatMap((r) => r.iterations.map(panel.value))
      .filter((v) => Number.isFinite(v) && (!panel.log || v > 0));
    const [lo, hi] = [d3.min(values) ?? 0, d3.max(values) ?? 1];
    return panel.log
      ? d3.scaleLog().domain([lo, hi > lo ? hi : lo * 10]).range([panelHeight, 0]).nice()
      : d3.scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).range([panelHeight, 0]).nice();
  };
  for (const p of panels) {
    const y = scaleFor(p);
    const same = coinciding(runs, (r) => y(p.value(r)));
    if (same.length) {
      notes.push(
        `${p.yLabel}: ${same.join("; ")} overlap (under ${OVERLAP_PX} px apart throughout).`,
      );
    }
  }

  const width = theme.width;
  const margin = { left: 66, right: 24 };
  const plotWidth = width - margin.left - margin.right;
  const gap = 18;
  const legendTop = 58;
  const top = legendTop + 22;
  const height = top + panels.length * (panelHeight + gap) - gap + 46 + notesHeight(notes.length);
  const figure = createFigure(width, height, `Training curves: ${input.label}`);
  const svg = figure.svg;
  drawTitle(svg, "Training curves per outer iteration", input.label);
  drawLegend(
    svg,
    runs.map((r, i) => ({
      label: `K = ${r.bits}`,
      color: orderedColor(r.bits, allBits),
      kind: "line",
      dash: dashOf(i) ?? undefined,
    })),
    14,
    legendTop,
    width - 28,
  );

  const maxIteration = d3.max(runs.flatMap((r) => r.iterations.map((i) => i.iteration))) ?? 1;
  const x = d3.scaleLinear().domain([
    d3.min(runs.flatMap((r) => r.iterations.map((i) => i.iteration))) ?? 0,
    maxIteration,
  ])
    .range([0, plotWidth]);
  const hasData = runs.some((r) => r.iterations.length > 0);

  panels.forEach((panel, index) => {
    const g = svg.append("g")
      .attr("transform", `translate(${margin.left},${top + index * (panelHeight + gap)})`);
    const last = index === panels.length - 1;
    if (!hasData) {
      drawEmptyMessage(g, plotWidth, panelHeight, "no iterations recorded");
      return;
    }
    const y = scaleFor(panel);
    drawAxes(g, x, y, d3, {
      width: plotWidth,
      height: panelHeight,
      yLabel: panel.yLabel,
      xLabel: last ? "outer iteration" : undefined,
      hideXTickLabels: !last,
      yTickCount: 4,
      yTicks: panel.log ? logTicks(y.domain()) : undefined,
      yFormat: panel.log ? logLabel : undefined,
      xFormat: (v) => String(v),
    });
    runs.forEach((run, i) => {
      const shown = (r: IterationRecord) =>
        Number.isFinite(panel.value(r)) && (!panel.log || panel.value(r) > 0);
      const line = d3.line<IterationRecord>().defined(shown)
        .x((r: IterationRecord) => x(r.iteration)).y((r: IterationRecord) => y(panel.value(r)));
      const color = orderedColor(run.bits, allBits);
      g.append("path").attr("d", line(run.iterations) ?? "").attr("fill", "none")
        .attr("stroke", color).attr("stroke-width", 1.8).attr("stroke-linejoin", "round")
        .attr("stroke-dasharray", dashOf(i));
      const end = [...run.iterations].reverse().find(shown);
      if (end) {
        g.append("circle").attr("cx", x(end.iteration)).attr("cy", y(panel.value(end)))
          .attr("r", 2.5 + 1.2 * (runs.length - 1 - i)).attr("fill", "none")
          .attr("stroke", color).attr("stroke-width", 1.4);
      }
    });
  });
  drawNotes(svg, notes, margin.left, height - notesHeight(notes.length) + 8);
  return figure.finish();
}

/** Dash pattern of the i-th line: solid first, then ever more broken, so overlaps show. */
function dashOf(i: number): string | null {
  return [null, "7,3", "2,2", "9,3,2,3", "4,4"][i % 5];
}

/** Curves closer than this many pixels everywhere read as one line. */
const OVERLAP_PX = 3;

/**
 * Groups of K whose curves (in plot pixels) stay within OVERLAP_PX of one another everywhere:
 * pairs that close are joined into one group, so four coinciding curves read as one short note
 * ("K = 5, 10, 15 and 20") instead of six pairs.
 */
function coinciding(
  runs: readonly TrainingRun[],
  pixel: (r: IterationRecord) => number,
): string[] {
  const group = runs.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i])));
  for (let a = 0; a < runs.length; a++) {
    for (let b = a + 1; b < runs.length; b++) {
      const ia = runs[a].iterations;
      const ib = runs[b].iterations;
      if (ia.length === 0 || ia.length !== ib.length) continue;
      const close = ia.every((r, k) => {
        const [u, v] = [pixel(r), pixel(ib[k])];
        return !Number.isFinite(u) && !Number.isFinite(v) || Math.abs(u - v) < OVERLAP_PX;
      });
      if (close) group[root(b)] = root(a);
    }
  }
  const members = new Map<number, number[]>();
  runs.forEach((run, i) => members.set(root(i), [...(members.get(root(i)) ?? []), run.bits]));
  return [...members.values()].filter((bits) => bits.length > 1).map((bits) =>
    bits.length === 2
      ? `K = ${bits[0]} and K = ${bits[1]}`
      : `K = ${bits.slice(0, -1).join(", ")} and ${bits[bits.length - 1]}`
  );
}

/** "10⁻²" for a power of ten, a short number otherwise. */
function logLabel(value: number): string {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9
    ? powerOfTen(exponent)
    : d3.format(".2~g")(value);
}

/** Powers of ten inside a log domain (at least the two ends when it spans less than a decade). */
function logTicks([lo, hi]: number[]): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) ticks.push(10 ** e);
  if (ticks.length > 5) return ticks.filter((_, i) => i % Math.ceil(ticks.length / 5) === 0);
  return ticks.length >= 2 ? ticks : [lo, hi];
}
