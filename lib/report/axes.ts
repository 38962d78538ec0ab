/**
 * Axes in the report's style: thin dark axis lines, outward ticks, light horizontal grid,
 * and axis titles that carry the unit.
 */
import { theme } from "./theme.ts";

/** What to draw around one plot area. */
export interface AxesOptions {
  /** Plot area size in px (the group's origin is its top-left corner). */
  readonly width: number;
  readonly height: number;
  /** Axis title with unit, e.g. "bits per weight K". Omit to draw ticks only. */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Explicit tick values (for example the K values present). */
  readonly xTicks?: readonly number[];
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
 * Draws x (bottom) and y (left) axes for scales `x` and `y` into group `g`.
 * Scales and selections are d3's (untyped here).
 */
// deno-lint-ignore no-explicit-any
export function drawAxes(g: any, x: any, y: any, d3: any, options: AxesOptions): void {
  const { width, height } = options;
  const yAxis = d3.axisLeft(y).tickSizeOuter(0).tickPadding(4);
  if (options.yTicks) yAxis.tickValues(options.yTicks);
  else yAxis.ticks(options.yTickCount ?? 5);
  if (options.yFormat) yAxis.tickFormat(options.yFormat);

  if (options.grid ?? true) {
    const ticks: number[] = options.yTicks
      ? [...options.yTicks]
      : (y.ticks ? y.ticks(options.yTickCount ?? 5) : []);
    g.append("g").attr("class", "grid").selectAll("line").data(ticks).join("line")
      .attr("x1", 0).attr("x2", width)
      .attr("y1", (t: number) => y(t)).attr("y2", (t: number) => y(t))
      .attr("stroke", theme.grid).attr("stroke-width", 1);
  }

  const xAxis = d3.axisBottom(x).tickSizeOuter(0).tickPadding(4);
  if (options.xTicks) xAxis.tickValues(options.xTicks);
  else if (x.ticks) xAxis.ticks(options.xTickCount ?? 6);
  if (options.xFormat) xAxis.tickFormat(options.xFormat);
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
// deno-lint-ignore no-explicit-any
export function styleAxis(axis: any): void {
  axis.attr("font-family", null).attr("font-size", theme.tickSize);
  axis.selectAll("path.domain").attr("stroke", theme.axis);
  axis.selectAll(".tick line").attr("stroke", theme.axis);
  axis.selectAll(".tick text").attr("fill", theme.ink);
}
