/**
 * The annealer's energy per sweep over the iterations: read 0 of a few traced class solves
 * (sampler param traceEnergy), one panel per class, one line per iteration, each scaled so 0 is
 * "do not move" and 1 the continuous optimum of its own surrogate. Energies of late iterations
 * are orders of magnitude smaller than early ones; on that scale they share one axis.
 */
import * as d3 from "d3";
import type { EnergyTraceRecord } from "../results/types.ts";
import { drawEmptyMessage, drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawAxes } from "./axes.ts";
import { drawLegend, legendHeight } from "./legend.ts";
import { createFigure } from "./svg_document.ts";
import { orderedColor, theme } from "./theme.ts";

/** What the figure draws. */
export interface EnergyTracesInput {
  /** Title context, e.g. the cell id. */
  readonly label: string;
  readonly traces: readonly EnergyTraceRecord[];
  readonly classNames: readonly string[];
}

const CLIP_LOW = -1;
const CLIP_HIGH = 1.25;
const MAX_PANELS = 3;

interface Line {
  readonly iteration: number;
  readonly points: readonly { sweep: number; reached: number }[];
}

/** Renders the energy-per-sweep figure as a standalone SVG string. */
export function energyTracesSvg(input: EnergyTracesInput): string {
  const notes: string[] = [];
  const byClass = new Map<number, Line[]>();
  let degenerate = 0;
  let clipped = 0;
  for (const trace of input.traces) {
    const scale = trace.stayEnergy - trace.continuousEnergy;
    if (!(Number.isFinite(scale) && scale > 0)) {
      degenerate++;
      continue;
    }
    const points: { sweep: number; reached: number }[] = [];
    trace.sweeps.forEach((sweep, k) => {
      const reached = (trace.stayEnergy - trace.energies[k]) / scale;
      if (!Number.isFinite(reached) || !Number.isFinite(sweep)) return;
      if (reached < CLIP_LOW || reached > CLIP_HIGH) clipped++;
      points.push({ sweep, reached: Math.min(CLIP_HIGH, Math.max(CLIP_LOW, reached)) });
    });
    if (points.length < 2) continue;
    const lines = byClass.get(trace.classIndex) ?? [];
    lines.push({ iteration: trace.iteration, points });
    byClass.set(trace.classIndex, lines);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b).slice(0, MAX_PANELS);
  const iterations = [...new Set(classes.flatMap((c) => byClass.get(c)!.map((l) => l.iteration)))]
    .sort((a, b) => a - b);
  if (degenerate) {
    notes.push(
      `${degenerate} traced solve(s) with no achievable decrease (E_stay <= E_cont) left out.`,
    );
  }
  if (clipped) {
    notes.push(`${clipped} point(s) outside [${CLIP_LOW}, ${CLIP_HIGH}] drawn at the edge.`);
  }
  notes.push(
    "Each line: read 0 of one class QUBO, from the current weights (0) toward the continuous",
    "optimum (1) of that iteration's surrogate.",
  );

  const width = theme.width;
  const legendTop = 58;
  const legendItems = iterations.map((t) => ({
    label: `iteration ${t}`,
    color: orderedColor(t, iterations),
    kind: "line" as const,
  }));
  const top = legendTop + Math.max(16, legendHeight(legendItems, width - 28)) + 16;
  const plotHeight = 230;
  const left = 58;
  const gap = 48;
  const panels = Math.max(1, classes.length);
  const panelWidth = (width - left - 18 - gap * (panels - 1)) / panels;
  const height = top + plotHeight + 50 + notesHeight(notes.length);
  const figure = createFigure(width, height, `Annealer energy per sweep: ${input.label}`);
  const svg = figure.svg;
  drawTitle(
    svg,
    "Annealer energy per sweep, over the iterations",
    `${input.label}; read 0 of classes ${classes.join(", ") || "-"} at iterations ` +
      `${iterations.join(", ") || "-"}`,
  );
  drawLegend(svg, legendItems, 14, legendTop, width - 28);
  if (classes.length === 0) {
    const g = svg.append("g").attr("transform", `translate(${left},${top})`);
    drawEmptyMessage(g, width - left - 18, plotHeight, "no usable energy traces");
  }
  const maxSweep = d3.max(
    classes.flatMap((c) => byClass.get(c)!.flatMap((l) => l.points.map((p) => p.sweep))),
  ) ?? 1;
  const reached = classes.flatMap((c) => byClass.get(c)!.flatMap((l) => l.points)).map((p) =>
    p.reached
  );
  const lo = Math.min(0, d3.min(reached) ?? 0);
  const hi = Math.max(1, d3.max(reached) ?? 1);
  const y = d3.scaleLinear().domain([lo - 0.05, hi + 0.05]).range([plotHeight, 0]);
  classes.forEach((classIndex, p) => {
    const g = svg.append("g").attr(
      "transform",
      `translate(${left + p * (panelWidth + gap)},${top})`,
    );
    const x = d3.scaleLinear().domain([0, maxSweep > 0 ? maxSweep : 1]).range([0, panelWidth]);
    drawAxes(g, x, y, d3, {
      width: panelWidth,
      height: plotHeight,
      xLabel: "sweep",
      yLabel: p === 0 ? "fraction of continuous decrease" : undefined,
      xTickCount: 4,
      yTickCount: 6,
    });
    for (const level of [0, 1]) {
      g.append("line").attr("x1", 0).attr("x2", panelWidth).attr("y1", y(level))
        .attr("y2", y(level)).attr("stroke", theme.ink).attr("stroke-width", 1)
        .attr("stroke-dasharray", "3,3");
    }
    const name = input.classNames[classIndex] ?? String(classIndex);
    g.append("text").attr("x", 4).attr("y", -6).attr("font-size", theme.fontSize)
      .attr("fill", theme.ink).text(`class ${name}`);
    const line = d3.line<{ sweep: number; reached: number }>()
      .x((d: { sweep: number }) => x(d.sweep))
      .y((d: { reached: number }) => y(d.reached));
    const lines = [...byClass.get(classIndex)!].sort((a, b) => a.iteration - b.iteration);
    for (const l of lines) {
      g.append("path").attr("d", line(l.points as { sweep: number; reached: number }[]) ?? "")
        .attr("fill", "none").attr("stroke", orderedColor(l.iteration, iterations))
        .attr("stroke-width", 1.6).attr("data-iteration", l.iteration);
    }
  });
  drawNotes(svg, notes, left, top + plotHeight + 50);
  return figure.finish();
}
