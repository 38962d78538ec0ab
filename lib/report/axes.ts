/**
 * Axes in the report's style: thin dark axis lines, outward ticks, light horizontal grid,
 * and axis titles that carry the unit.
 */
import type * as D3 from "d3";
import type { AxisDomain, AxisScale } from "d3";
import type { Canvas } from "./svg_document.ts";
import { theme } from "./theme.ts";

/** A scale an axis can be drawn for: continuous (numbers) or a band (category names). */
export type PlotScale = AxisScale<number> | AxisScale<string>;

/** What to draw around one plot area. */
export interface AxesOptions {
  /** Plot area size in px (the group's origin is its top-left corner). */
  readonly width: number;
  readonly height: number;
  /** Axis title with unit, e.g. "bits per weight K". Omit to draw ticks only. */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Explicit tick values (for example the K values present; a band scale's categories). */
  readonly xTicks?: readonly (number | string)[];
  readonly yTicks?: readonly number[];
  /** Approximate tick counts when no explicit values are given. */
  readonly xTickCount?: number;
  readonly yTickCount?: number;
  readonly xFormat?: (value: number) => string;
  readonly yFormat?: (value: number) => string;
  /** Horizontal grid lines at the y ticks (default true). */
  readonly grid?: boolean;
  /** Hide the x tick labels (stacked panels share the bottom one). */
  readonly hideXTickLabels?: boolean;
}

/**
 * Draws x (bottom) and y (left) axes for scales `x` and `y` into group `g`. Tick values and
 * formats are numbers; a band scale's categories are read as numbers (class indices).
 */
export function drawAxes(
  g: Canvas,
  x: PlotScale,
  y: PlotScale,
  d3: typeof D3,
  options: AxesOptions,
): void {
  const { width, height } = options;
  // One axis type for both kinds of scale: formats see the tick as a number.
  const xScale = x as AxisScale<AxisDomain>;
  const yScale = y as AxisScale<AxisDomain>;
  const numeric = (f: (v: number) => string) => (v: AxisDomain) => f(Number(v));
  const yAxis = d3.axisLeft(yScale).tickSizeOuter(0).tickPadding(4);
  if (options.yTicks) yAxis.tickValues(options.yTicks);
  else yAxis.ticks(options.yTickCount ?? 5);
  if (options.yFormat) yAxis.tickFormat(numeric(options.yFormat));

  if (options.grid ?? true) {
    const ticks: number[] = options.yTicks
      ? [...options.yTicks]
      : ("ticks" in y ? (y as { ticks(n: number): number[] }).ticks(options.yTickCount ?? 5) : []);
    const at = (t: number) => (yScale(t) ?? 0);
    g.append("g").attr("class", "grid").selectAll("line").data(ticks).join("line")
      .attr("x1", 0).attr("x2", width)
      .attr("y1", at).attr("y2", at)
      .attr("stroke", theme.grid).attr("stroke-width", 1);
  }

  const xAxis = d3.axisBottom(xScale).tickSizeOuter(0).tickPadding(4);
  if (options.xTicks) xAxis.tickValues(options.xTicks);
  else if ("ticks" in x) xAxis.ticks(options.xTickCount ?? 6);
  if (options.xFormat) xAxis.tickFormat(numeric(options.xFormat));
  if (options.hideXTickLabels) xAxis.tickFormat(() => "");

  const xg = g.append("g").attr("transform", `translate(0,${height})`).call(xAxis);
  const yg = g.append("g").call(yAxis);
  for (const axis of [xg, yg]) styleAxis(axis);

  if (options.xLabel) {
    g.append("text").attr("x", width / 2).attr("y", height + 34)
      .attr("text-anchor", "middle").attr("font-size", theme.fontSize).attr("fill", theme.ink)
      .text(options.xLabel);
  }
  if (options.yLabel) {
    g.append("text").attr("transform", `translate(${-46},${height / 2}) rotate(-90)`)
      .attr("text-anchor", "middle").attr("font-size", theme.fontSize).attr("fill", theme.ink)
      .text(options.yLabel);
  }
}

/** Replaces d3-axis defaults (10 px sans-serif, pure black) with the report's style. */
export function styleAxis(axis: Canvas): void {
  axis.attr("font-family", null).attr("font-size", theme.tickSize);
  axis.selectAll("path.domain").attr("stroke", theme.axis);
  axis.selectAll(".tick line").attr("stroke", theme.axis);
  axis.selectAll(".tick text").attr("fill", theme.ink);
}
