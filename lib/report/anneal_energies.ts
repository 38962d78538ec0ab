/**
 * The annealer's view of one iteration: the energy of every read and the best read of each
 * class QUBO, measured against "do not move" and the continuous optimum, beside the beta
 * schedule that produced them.
 */
import * as d3 from "d3";
import type { AnnealRecord } from "../results/types.ts";
import { drawEmptyMessage, drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawAxes } from "./axes.ts";
import { powerOfTen } from "./colour_bar.ts";
import { drawLegend } from "./legend.ts";
import { createFigure } from "./svg_document.ts";
import { seriesColor, theme } from "./theme.ts";

/** What the figure draws. */
export interface AnnealEnergiesInput {
  /** Title context, e.g. the cell id. */
  readonly label: string;
  readonly anneal: AnnealRecord;
  readonly classNames: readonly string[];
  /**
   * The reads came from a D-Wave solver: it has no beta schedule, so none is drawn (whatever
   * range the record holds was the local annealer's default, not what the solver did).
   */
  readonly remote?: boolean;
}

/** The plotted energy scale: 0 = stay (current weights), 1 = continuous optimum. */
const CLIP_LOW = -1;
const CLIP_HIGH = 1.25;

interface Read {
  readonly classIndex: number;
  readonly reached: number;
  readonly best: boolean;
  readonly order: number;
}

/** Renders the annealer-energies figure as a standalone SVG string. */
export function annealEnergiesSvg(input: AnnealEnergiesInput): string {
  const { anneal } = input;
  const notes: string[] = [];
  const reads: Read[] = [];
  let degenerate = 0;
  let nonFinite = 0;
  let clipped = 0;
  for (const cls of anneal.classes) {
    const scale = cls.stayEnergy - cls.continuousEnergy;
    if (!(Number.isFinite(scale) && scale > 0)) {
      degenerate++;
      continue;
    }
    const reached = cls.energies.map((e) => (cls.stayEnergy - e) / scale);
    const finite = reached.filter(Number.isFinite);
    nonFinite += reached.length - finite.length;
    const best = finite.length ? Math.max(...finite) : NaN;
    let bestMarked = false;
    reached.forEach((r, order) => {
      if (!Number.isFinite(r)) return;
      if (r < CLIP_LOW || r > CLIP_HIGH) clipped++;
      const isBest = !bestMarked && r === best;
      if (isBest) bestMarked = true;
      reads.push({ classIndex: cls.classIndex, reached: r, best: isBest, order });
    });
  }
  if (degenerate) {
    notes.push(
      `${degenerate} class QUBO(s) with no achievable decrease (E_stay <= E_cont) left out.`,
    );
  }
  if (nonFinite) notes.push(`${nonFinite} non-finite read energies skipped.`);
  if (clipped) {
    notes.push(
      `${clipped} read(s) outside [${CLIP_LOW}, ${CLIP_HIGH}] drawn as triangles at the edge.`,
    );
  }
  const schedule = input.remote
    ? []
    : (anneal.betaSchedule ?? []).filter((b) => Number.isFinite(b) && b > 0);
  if (!input.remote && !anneal.betaSchedule && anneal.betaRange) {
    notes.push("Beta schedule not recorded: only its range is known (dashed geometric ramp).");
  }

  const width = theme.width;
  const legendTop = 58;
  const top = legendTop + 26;
  const plotHeight = 250;
  const left = { x: 62, width: 360 };
  const right = { x: left.x + left.width + 62, width: width - (left.x + left.width + 62) - 18 };
  const height = top + plotHeight + 52 + notesHeight(notes.length);
  const reads0 = anneal.classes.reduce((n, c) => Math.max(n, c.energies.length), 0);
  const figure = createFigure(width, height, `Annealer energies: ${input.label}`);
  const svg = figure.svg;
  drawTitle(
    svg,
    `Annealer energies, iteration ${anneal.iteration} (${anneal.sampler})`,
    `${input.label}; ${anneal.classes.length} class QUBOs \u00d7 ${reads0} reads`,
  );
  drawLegend(
    svg,
    [
      { label: "read", color: "#9a9a9a", kind: "marker" },
      { label: "best read per class", color: seriesColor(1), kind: "diamond" },
      { label: "stay (0) / continuous optimum (1)", color: theme.ink, kind: "line", dash: "3,3" },
    ],
    14,
    legendTop,
    width - 28,
  );

  // Left panel: decrease reached per read, per class.
  const gl = svg.append("g").attr("transform", `translate(${left.x},${top})`);
  const classes = anneal.classes.map((c) => c.classIndex);
  const x = d3.scaleBand().domain(classes.map(String)).range([0, left.width]).padding(0.2);
  if (reads.length === 0) {
    drawEmptyMessage(gl, left.width, plotHeight, "no reads recorded");
  } else {
    const lo = Math.max(CLIP_LOW, Math.min(0, d3.min(reads, (r: Read) => r.reached) ?? 0));
    const hi = Math.min(CLIP_HIGH, Math.max(1, d3.max(reads, (r: Read) => r.reached) ?? 1));
    const y = d3.scaleLinear().domain([lo - 0.05, hi + 0.05]).range([plotHeight, 0]);
    const names = input.classNames;
    drawAxes(gl, x, y, d3, {
      width: left.width,
      height: plotHeight,
      xLabel: "class",
      yLabel: "fraction of continuous decrease",
      xFormat: (i) => shortName(names[Number(i)] ?? String(i)),
      yTickCount: 6,
    });
    for (const level of [0, 1]) {
      gl.append("line").attr("x1", 0).attr("x2", left.width).attr("y1", y(level))
        .attr("y2", y(level)).attr("stroke", theme.ink).attr("stroke-width", 1)
        .attr("stroke-dasharray", "3,3");
    }
    const band = x.bandwidth();
    for (const r of reads) {
      const cx = (x(String(r.classIndex)) ?? 0) + band * (0.2 + 0.6 * jitter(r.order));
      const clippedLow = r.reached < CLIP_LOW;
      const clippedHigh = r.reached > CLIP_HIGH;
      const cy = y(Math.min(CLIP_HIGH, Math.max(CLIP_LOW, r.reached)));
      const color = r.best ? seriesColor(1) : "#9a9a9a";
      if (clippedLow || clippedHigh) {
        const s = clippedLow ? 1 : -1; // triangle points out of the plot
        gl.append("path").attr(
          "d",
          `M${cx - 4},${cy - 4 * s}L${cx + 4},${cy - 4 * s}L${cx},${cy + 2 * s}Z`,
        )
          .attr("fill", color);
      } else if (r.best) {
        gl.append("path").attr(
          "d",
          `M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z`,
        )
          .attr("fill", color);
      } else {
        gl.append("circle").attr("cx", cx).attr("cy", cy).attr("r", 2.4).attr("fill", color)
          .attr("fill-opacity", 0.75);
      }
    }
  }

  // Right panel: the beta schedule (log scale).
  const gr = svg.append("g").attr("transform", `translate(${right.x},${top})`);
  const ramp = schedule.length >= 2 ? schedule : !input.remote && anneal.betaRange &&
      anneal.betaRange.every((b) => Number.isFinite(b) && b > 0)
    ? [anneal.betaRange[0], anneal.betaRange[1]]
    : [];
  if (input.remote) {
    drawEmptyMessage(gr, right.width, plotHeight, "D-Wave solver: no \u03b2 schedule");
  } else if (ramp.length < 2) {
    drawEmptyMessage(gr, right.width, plotHeight, "no \u03b2 schedule");
  } else {
    const xs = d3.scaleLinear().domain([0, 1]).range([0, right.width]);
    const [blo, bhi] = [d3.min(ramp) ?? 1, d3.max(ramp) ?? 1];
    const ys = d3.scaleLog().domain([blo, bhi > blo ? bhi : blo * 10]).range([plotHeight, 0]);
    const ticks: number[] = [];
    for (let e = Math.ceil(Math.log10(ys.domain()[0])); e <= Math.log10(ys.domain()[1]); e++) {
      ticks.push(10 ** e);
    }
    drawAxes(gr, xs, ys, d3, {
      width: right.width,
      height: plotHeight,
      xLabel: "anneal progress (sweeps)",
      yLabel: "\u03b2 (1 / QUBO energy unit)",
      xTicks: [0, 0.5, 1],
      xFormat: (v) => v === 0 ? "0" : v === 1 ? "all" : "\u00bd",
      yTicks: ticks.length > 6 ? ticks.filter((_, i) => i % 2 === 0) : ticks,
      yFormat: (v) => powerOfTen(Math.log10(v)),
    });
    const line = d3.line<number>().x((_: number, i: number) => xs(i / (ramp.length - 1)))
      .y((b: number) => ys(b));
    gr.append("path").attr("d", line(ramp) ?? "").attr("fill", "none").attr(
      "stroke",
      seriesColor(0),
    )
      .attr("stroke-width", 2).attr("stroke-dasharray", schedule.length >= 2 ? null : "4,3");
    gr.append("text").attr("x", 4).attr("y", -6).attr("font-size", theme.tickSize)
      .attr("fill", theme.muted)
      .text(`\u03b2 ${fmt(ramp[0])} \u2192 ${fmt(ramp[ramp.length - 1])}`);
  }
  drawNotes(svg, notes, left.x, top + plotHeight + 52);
  return figure.finish();
}

/** Deterministic spread of reads inside a class band (no randomness in figures). */
function jitter(order: number): number {
  return ((order * 0.618034) % 1 + 1) % 1;
}

function shortName(name: string): string {
  return name.length > 6 ? name.slice(0, 4) + "\u2026" : name;
}

function fmt(value: number): string {
  return d3.format(".3~g")(value);
}
