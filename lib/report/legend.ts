/** Figure legends: a row (wrapping) of swatches with labels. */
import * as d3 from "d3";
import type { Canvas, Group } from "./svg_document.ts";
import { textWidth, theme } from "./theme.ts";

/** One legend entry. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  /** line: a stroke (dashed if `dash`); band: a filled box; marker: a dot; diamond: a diamond. */
  readonly kind: "line" | "band" | "marker" | "diamond";
  /** SVG stroke-dasharray for dashed lines. */
  readonly dash?: string;
  /** Draw a dot on the line too (series with markers). */
  readonly withMarker?: boolean;
  /** Marker shape of the series: 0 circle, 1 square, 2 triangle, 3 diamond. */
  readonly shape?: number;
  /** Fill opacity of a band swatch (default 0.18), to tell two bands apart. */
  readonly opacity?: number;
}

/**
 * Draws `items` left to right from (x, y), wrapping at `maxWidth`; returns the height used.
 */
export function drawLegend(
  svg: Canvas,
  items: readonly LegendItem[],
  x: number,
  y: number,
  maxWidth: number,
): number {
  const g = svg.append("g").attr("class", "legend").attr("transform", `translate(${x},${y})`);
  const places = legendLayout(items, maxWidth);
  items.forEach((item, i) => {
    const ig = g.append("g").attr("transform", `translate(${places[i].x},${places[i].y})`);
    drawSwatch(ig, item);
    ig.append("text").attr("x", 26).attr("y", 0).attr("dominant-baseline", "middle")
      .attr("font-size", theme.fontSize).attr("fill", theme.ink).text(item.label);
  });
  return legendHeight(items, maxWidth);
}

/**
 * The height {@link drawLegend} will take for these items in `maxWidth`: what a figure reserves
 * above its plots, so a wrapped second row never lands on a panel title.
 */
export function legendHeight(items: readonly LegendItem[], maxWidth: number): number {
  if (items.length === 0) return 0;
  const places = legendLayout(items, maxWidth);
  return places[places.length - 1].y + ROW_HEIGHT;
}

const ROW_HEIGHT = 16;

/** Where each item goes: left to right, wrapping to a new row when the next does not fit. */
function legendLayout(items: readonly LegendItem[], maxWidth: number): { x: number; y: number }[] {
  let cx = 0;
  let row = 0;
  return items.map((item) => {
    const width = 26 + textWidth(item.label) + 14;
    if (cx > 0 && cx + width > maxWidth) {
      cx = 0;
      row++;
    }
    const place = { x: cx, y: row * ROW_HEIGHT };
    cx += width;
    return place;
  });
}

function drawSwatch(g: Group, item: LegendItem): void {
  if (item.kind === "band") {
    g.append("rect").attr("x", 0).attr("y", -5).attr("width", 20).attr("height", 10)
      .attr("fill", item.color).attr("fill-opacity", item.opacity ?? 0.18)
      .attr("stroke", item.color).attr("stroke-opacity", 0.35);
    return;
  }
  if (item.kind === "marker") {
    g.append("circle").attr("cx", 10).attr("cy", 0).attr("r", 3).attr("fill", item.color);
    return;
  }
  if (item.kind === "diamond") {
    g.append("path").attr("d", "M10,-5L15,0L10,5L5,0Z").attr("fill", item.color);
    return;
  }
  g.append("line").attr("x1", 0).attr("x2", 20).attr("y1", 0).attr("y2", 0)
    .attr("stroke", item.color).attr("stroke-width", 2)
    .attr("stroke-dasharray", item.dash ?? null);
  if (item.withMarker) {
    const shape = [d3.symbolCircle, d3.symbolSquare, d3.symbolTriangle, d3.symbolDiamond][
      (item.shape ?? 0) % 4
    ];
    g.append("path").attr("d", d3.symbol().type(shape).size(40)())
      .attr("transform", "translate(10,0)").attr("fill", item.color);
  }
}
