/**
 * Heat map of one class QUBO matrix, log10 |Q_ij|, variables in bit-plane major order
 * (index = k*(d+1)+j), so the K x K blocks of 2^(k+l)-scaled Gram matrices show as a
 * staircase of magnitudes. Large matrices are reduced to at most 256 x 256 cells by taking
 * the largest |Q_ij| of each block, and drawn as one embedded raster.
 */
import * as d3 from "d3";
import { drawNotes, drawTitle, notesHeight } from "./annotations.ts";
import { drawColourBar, powerOfTen } from "./colour_bar.ts";
import { encodePng, pngDataUri } from "./png.ts";
import { createFigure } from "./svg_document.ts";
import { theme } from "./theme.ts";

/** What the figure draws. */
export interface QuboHeatmapInput {
  /** Title context, e.g. "digits/seed=1/K=10/sa, class 3, iteration 1". */
  readonly label: string;
  readonly n: number;
  /** Symmetric n x n row-major matrix. */
  readonly q: Float64Array;
  /** K: the number of bit planes. */
  readonly bits: number;
  /** Most cells per side after downsampling (default 256). */
  readonly maxCells?: number;
}

/** The downsampled matrix: max |Q_ij| over `block` x `block` blocks. */
export interface DownsampledMatrix {
  /** Cells per side. */
  readonly size: number;
  /** Variables per block side. */
  readonly block: number;
  /** size x size maxima of |Q_ij|, row-major. */
  readonly values: Float64Array;
}

/** Reduces an n x n matrix to at most `maxCells` cells per side (max |q| per block). */
export function downsampleMaxAbs(q: Float64Array, n: number, maxCells: number): DownsampledMatrix {
  const block = Math.max(1, Math.ceil(n / maxCells));
  const size = Math.ceil(n / block);
  const values = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const out = Math.floor(i / block) * size;
    for (let j = 0; j < n; j++) {
      const v = Math.abs(q[row + j]);
      const k = out + Math.floor(j / block);
      // NaN never wins a comparison: a non-finite entry cannot poison its block.
      if (v > values[k] && v !== Infinity) values[k] = v;
    }
  }
  return { size, block, values };
}

/** Renders the QUBO heat map as a standalone SVG string. */
export function quboHeatmapSvg(input: QuboHeatmapInput): string {
  const { n, q, bits } = input;
  const notes: string[] = [];
  let nonFinite = 0;
  for (let i = 0; i < q.length; i++) if (!Number.isFinite(q[i])) nonFinite++;
  if (nonFinite) notes.push(`${nonFinite} non-finite entries ignored.`);
  const down = downsampleMaxAbs(q, n, input.maxCells ?? 256);
  let lo = Infinity, hi = -Infinity, zeros = 0;
  for (const v of down.values) {
    if (v > 0) {
      const l = Math.log10(v);
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    } else zeros++;
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const [eLo, eHi] = [Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)];
  if (zeros) notes.push(`${zeros} cell(s) with Q_ij = 0 shown in white.`);
  const planes = bits > 0 && n % bits === 0 ? bits : 0;
  const m = planes ? n / planes : 0;
  if (!planes) notes.push(`n = ${n} is not a multiple of K = ${bits}: bit-plane grid not drawn.`);

  const color = (logValue: number) => d3.interpolateViridis((logValue - eLo) / (eHi - eLo));
  const rgb = new Uint8Array(down.size * down.size * 3);
  down.values.forEach((v, i) => {
    const c = v > 0 ? d3.rgb(color(Math.log10(v))) : { r: 255, g: 255, b: 255 };
    rgb[3 * i] = c.r;
    rgb[3 * i + 1] = c.g;
    rgb[3 * i + 2] = c.b;
  });

  const width = theme.width;
  const side = 440;
  const margin = { left: 70, top: 58 };
  const height = margin.top + side + 52 + notesHeight(notes.length);
  const figure = createFigure(width, height, `QUBO heat map: ${input.label}`);
  const svg = figure.svg;
  const reduction = down.block > 1
    ? `max |Q_ij| over ${down.block}\u00d7${down.block} blocks (${down.size}\u00b2 cells)`
    : "full resolution";
  drawTitle(
    svg,
    "QUBO matrix, log magnitude",
    `${input.label}; n = ${n}, K = ${bits}; ${reduction}`,
  );
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  g.append("image").attr("width", side).attr("height", side).attr("preserveAspectRatio", "none")
    .attr("image-rendering", "optimizeSpeed").attr("style", "image-rendering:pixelated")
    .attr("href", pngDataUri(encodePng(rgb, down.size, down.size)));
  g.append("rect").attr("width", side).attr("height", side).attr("fill", "none")
    .attr("stroke", theme.axis).attr("stroke-width", 0.8);

  if (planes) {
    const scale = side / n;
    for (let k = 1; k < planes; k++) {
      const p = k * m * scale;
      for (const [x1, y1, x2, y2] of [[p, 0, p, side], [0, p, side, p]]) {
        g.append("line").attr("x1", x1).attr("y1", y1).attr("x2", x2).attr("y2", y2)
          .attr("stroke", "#ffffff").attr("stroke-width", 0.6).attr("stroke-opacity", 0.7);
      }
    }
    // Label every plane when they fit, else every other one.
    const every = planes > 12 ? Math.ceil(planes / 10) : 1;
    for (let k = 0; k < planes; k += every) {
      const c = (k + 0.5) * m * scale;
      g.append("text").attr("x", c).attr("y", side + 14).attr("text-anchor", "middle")
        .attr("font-size", theme.tickSize).text(String(k));
      g.append("text").attr("x", -6).attr("y", c).attr("text-anchor", "end")
        .attr("dominant-baseline", "central").attr("font-size", theme.tickSize).text(String(k));
    }
    g.append("text").attr("x", side / 2).attr("y", side + 34).attr("text-anchor", "middle")
      .text(`bit plane k of variable b(k, j) (d + 1 = ${m} weights per plane)`);
    g.append("text").attr("transform", `translate(-34,${side / 2}) rotate(-90)`)
      .attr("text-anchor", "middle").text("bit plane k");
  }
  const ticks = d3.range(eLo, eHi + 1);
  drawColourBar(svg, d3, {
    x: margin.left + side + 24,
    y: margin.top,
    length: side,
    thickness: 14,
    orientation: "vertical",
    domain: [eLo, eHi],
    color,
    label: "|Q_ij| (QUBO energy units, log scale)",
    tickValues: ticks.length > 9 ? ticks.filter((t: number) => (t - eLo) % 2 === 0) : ticks,
    tickFormat: powerOfTen,
  });
  drawNotes(svg, notes, margin.left, margin.top + side + 52);
  return figure.finish();
}
