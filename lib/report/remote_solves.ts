/**
 * What D-Wave reported for one cell, problem by problem (the cell record's `remote` field): QPU
 * access time per SAPI problem and, where the solver reports them, chain-break fractions. This is
 * what a D-Wave cell shows instead of a beta schedule, which such solvers do not have.
 */
import * as d3 from "d3";
import type { RemoteProblem, RemoteRecord } from "../results/types.ts";
import { drawEmptyMessage, drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawAxes } from "./axes.ts";
import { drawLegend } from "./legend.ts";
import { createFigure } from "./svg_document.ts";
import { seriesColor, theme } from "./theme.ts";

/** What the figure draws. */
export interface RemoteSolvesInput {
  readonly label: string;
  readonly remote: RemoteRecord;
}

/** QPU access time of a problem in seconds (SAPI's name, or the client's), NaN if none. */
function qpuAccess(p: RemoteProblem): number {
  const t = p.timing.qpuAccess ?? p.timing.qpu_access;
  return typeof t === "number" && Number.isFinite(t) ? t : NaN;
}

/** Renders the D-Wave figure as a standalone SVG string. */
export function remoteSolvesSvg(input: RemoteSolvesInput): string {
  const { remote } = input;
  const problems = remote.problems;
  const notes: string[] = [];
  const access = problems.map(qpuAccess);
  const breaks = problems.map((p) => p.chainBreakFraction ?? NaN);
  const hasAccess = access.some(Number.isFinite);
  const hasBreaks = breaks.some(Number.isFinite);
  if (!hasAccess) notes.push("No QPU access time reported (a hybrid solver may report none).");
  if (!hasBreaks) notes.push("No chain breaks reported: the solver embeds nothing (hybrid).");
  if (remote.resumed > 0) {
    notes.push(`${remote.resumed} problem(s) resumed from the journal of an interrupted run.`);
  }

  const width = theme.width;
  const legendTop = 58;
  const top = legendTop + 24;
  const plotHeight = 200;
  const gap = 56;
  const margin = { left: 66, right: 24 };
  const plotWidth = width - margin.left - margin.right;
  const height = top + 2 * plotHeight + gap + 46 + notesHeight(notes.length);
  const figure = createFigure(width, height, `D-Wave solves: ${input.label}`);
  const svg = figure.svg;
  const total = d3.sum(access.filter(Number.isFinite));
  drawTitle(
    svg,
    `D-Wave solves (${remote.solvers.join(", ")})`,
    `${input.label}; ${problems.length} problems` +
      (hasAccess ? `, ${(total * 1000).toFixed(1)} ms QPU access in all` : ""),
  );
  drawLegend(
    svg,
    [
      { label: "QPU access per problem", color: seriesColor(0), kind: "band" },
      { label: "chain-break fraction", color: seriesColor(1), kind: "marker" },
    ],
    14,
    legendTop,
    width - 28,
  );
  const x = d3.scaleBand().domain(problems.map((_, i) => String(i))).range([0, plotWidth])
    .padding(0.15);
  const iterations = [...new Set(problems.map((p) => p.iteration))];
  const xTickIndex = iterations.map((it) => problems.findIndex((p) => p.iteration === it));
  const xFormat = (v: number) => `it ${problems[Number(v)]?.iteration ?? ""}`;

  const ga = svg.append("g").attr("transform", `translate(${margin.left},${top})`);
  if (!hasAccess || problems.length === 0) {
    drawEmptyMessage(ga, plotWidth, plotHeight, "no QPU access time reported");
  } else {
    const ms = access.map((t) => t * 1000);
    const y = d3.scaleLinear().domain([0, d3.max(ms.filter(Number.isFinite)) ?? 1])
      .range([plotHeight, 0]).nice();
    drawAxes(ga, x, y, d3, {
      width: plotWidth,
      height: plotHeight,
      yLabel: "QPU access (ms)",
      xTicks: xTickIndex.map(String),
      xFormat,
      yTickCount: 4,
    });
    ms.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      ga.append("rect").attr("x", x(String(i)) ?? 0).attr("width", x.bandwidth())
        .attr("y", y(v)).attr("height", plotHeight - y(v)).attr("fill", seriesColor(0))
        .attr("fill-opacity", 0.75);
    });
  }

  const gb = svg.append("g").attr(
    "transform",
    `translate(${margin.left},${top + plotHeight + gap})`,
  );
  if (!hasBreaks || problems.length === 0) {
    drawEmptyMessage(gb, plotWidth, plotHeight, "no chain breaks reported");
  } else {
    const hi = Math.max(0.05, d3.max(breaks.filter(Number.isFinite)) ?? 0);
    const y = d3.scaleLinear().domain([0, hi]).range([plotHeight, 0]).nice();
    drawAxes(gb, x, y, d3, {
      width: plotWidth,
      height: plotHeight,
      xLabel: "problem (by iteration, then class)",
      yLabel: "chain-break fraction",
      xTicks: xTickIndex.map(String),
      xFormat,
      yTickCount: 4,
    });
    breaks.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      gb.append("circle").attr("cx", (x(String(i)) ?? 0) + x.bandwidth() / 2).attr("cy", y(v))
        .attr("r", 3).attr("fill", seriesColor(1));
    });
  }
  drawNotes(svg, notes, margin.left, height - notesHeight(notes.length) + 8);
  return figure.finish();
}
