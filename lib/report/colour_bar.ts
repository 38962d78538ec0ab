/** Colour bars (the legend of a colour scale), drawn as small rects so every renderer agrees. */
import type * as D3 from "d3";
import { styleAxis } from "./axes.ts";
import type { Canvas } from "./svg_document.ts";
import { theme } from "./theme.ts";

/** A colour bar's placement and scale. */
export interface ColourBarOptions {
  readonly x: number;
  readonly y: number;
  /** Long side in px. */
  readonly length: number;
  /** Short side in px. */
  readonly thickness: number;
  readonly orientation: "vertical" | "horizontal";
  /** Data range the bar spans (low to high). */
  readonly domain: readonly [number, number];
  /** Colour of a data value. */
  readonly color: (value: number) => string;
  readonly label: string;
  readonly tickValues?: readonly number[];
  readonly tickFormat?: (value: number) => string;
}

/** Draws a colour bar with ticks and a label (the caller passes its d3). */
export function drawColourBar(svg: Canvas, d3: typeof D3, o: ColourBarOptions): void {
  const steps = 64;
  const [lo, hi] = o.domain;
  const g = svg.append("g").attr("class", "colour-bar").attr(
    "transform",
    `translate(${o.x},${o.y})`,
  );
  const vertical = o.orientation === "vertical";
  const step = o.length / steps;
  for (let i = 0; i < steps; i++) {
    const value = lo + ((i + 0.5) / steps) * (hi - lo);
    // Vertical bars grow upwards (high values at the top), horizontal ones to the right.
    const pos = vertical ? o.length - (i + 1) * step : i * step;
    g.append("rect")
      .attr(vertical ? "y" : "x", round(pos)).attr(vertical ? "x" : "y", 0)
      .attr(vertical ? "height" : "width", round(step + 0.5))
      .attr(vertical ? "width" : "height", o.thickness)
      .attr("fill", o.color(value));
  }
  g.append("rect").attr("width", vertical ? o.thickness : o.length)
    .attr("height", vertical ? o.length : o.thickness).attr("fill", "none")
    .attr("stroke", theme.axis).attr("stroke-width", 0.5);
  const scale = d3.scaleLinear().domain([lo, hi]).range(vertical ? [o.length, 0] : [0, o.length]);
  const axis = vertical ? d3.axisRight(scale) : d3.axisBottom(scale);
  axis.tickSizeOuter(0).tickSize(4);
  if (o.tickValues) axis.tickValues(o.tickValues);
  else axis.ticks(5);
  if (o.tickFormat) {
    const format = o.tickFormat;
    axis.tickFormat((v) => format(Number(v)));
  }
  const ag = g.append("g")
    .attr("transform", vertical ? `translate(${o.thickness},0)` : `translate(0,${o.thickness})`)
    .call(axis);
  styleAxis(ag);
  ag.select("path.domain").remove();
  if (vertical) {
    g.append("text").attr("transform", `translate(${o.thickness + 44},${o.length / 2}) rotate(90)`)
      .attr("text-anchor", "middle").attr("font-size", theme.fontSize).text(o.label);
  } else {
    g.append("text").attr("x", o.length / 2).attr("y", o.thickness + 32)
      .attr("text-anchor", "middle").attr("font-size", theme.fontSize).text(o.label);
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** "10⁻³" style label for a power of ten (unicode superscripts, no markup needed). */
export function powerOfTen(exponent: number): string {
  const sup: Record<string, string> = {
    "-": "\u207b",
    "0": "\u2070",
    "1": "\u00b9",
    "2": "\u00b2",
    "3": "\u00b3",
    "4": "\u2074",
    "5": "\u2075",
    "6": "\u2076",
    "7": "\u2077",
    "8": "\u2078",
    "9": "\u2079",
  };
  return "10" + String(Math.round(exponent)).split("").map((c) => sup[c] ?? c).join("");
}
