/**
 * One look for every report figure: fonts, sizes, colours and margins, so the figures of a
 * run read as one set in a paper draft.
 */
import * as d3 from "d3";

/** Shared visual constants of the report figures. */
export const theme = {
  /** Sans-serif stack that exists on Debian (Liberation, DejaVu) and in browsers. */
  font: "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif",
  /** Axis labels and legend text, in px at the figure's natural size. */
  fontSize: 12,
  /** Tick labels. */
  tickSize: 11,
  /** Figure title. */
  titleSize: 14,
  /** Notes under the plot (skipped values, missing data). */
  noteSize: 10.5,
  /** Natural width of every figure: readable when shown 600 px wide. */
  width: 640,
  ink: "#222222",
  muted: "#666666",
  grid: "#e6e6e6",
  axis: "#444444",
  background: "#ffffff",
  /** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
  palette: [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
  ],
  /** Reference-line colours for the classical baselines. */
  baseline: { exact: "#000000", sgd: "#7f7f7f" } as Record<string, string>,
} as const;

/** Categorical colour of series `index` (cycles through the palette). */
export function seriesColor(index: number): string {
  return theme.palette[index % theme.palette.length];
}

/**
 * Colour of an ordered value (bits K) among `values`: a sequential scale, so "more bits"
 * reads as "darker" in every figure.
 */
export function orderedColor(value: number, values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const i = sorted.indexOf(value);
  // Viridis from 0.78 (light green, still visible on white) down to 0.05 (dark purple).
  const t = sorted.length <= 1 ? 0.3 : 0.78 - (0.73 * i) / (sorted.length - 1);
  return d3.interpolateViridis(t);
}

/** Rough text width in px (jsdom cannot measure text); good enough for layout. */
export function textWidth(text: string, size: number = theme.fontSize): number {
  return text.length * size * 0.58;
}

/** Percent with one decimal, or an en dash for a value that is not finite. */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}` : "\u2013";
}
