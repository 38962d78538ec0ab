/** Figure titles and the small notes that say what a figure left out and why. */
import type { Canvas } from "./svg_document.ts";
import { theme } from "./theme.ts";

/** Writes the figure title (bold) and an optional subtitle in the top-left corner. */
export function drawTitle(svg: Canvas, title: string, subtitle?: string): void {
  svg.append("text").attr("x", 12).attr("y", 20).attr("font-size", theme.titleSize)
    .attr("font-weight", "bold").attr("fill", theme.ink).text(title);
  if (subtitle) {
    svg.append("text").attr("x", 12).attr("y", 37).attr("font-size", theme.fontSize)
      .attr("fill", theme.muted).text(subtitle);
  }
}

/**
 * Writes notes (one per line) starting at (x, y): honest remarks such as "2 non-finite
 * values skipped" or "one seed: no spread band".
 */
export function drawNotes(svg: Canvas, notes: readonly string[], x: number, y: number): void {
  notes.forEach((note, i) => {
    svg.append("text").attr("x", x).attr("y", y + i * 14).attr("font-size", theme.noteSize)
      .attr("fill", theme.muted).attr("font-style", "italic").text(note);
  });
}

/** Height in px that {@link drawNotes} needs for `count` notes. */
export function notesHeight(count: number): number {
  return count === 0 ? 0 : count * 14 + 4;
}

/** A centred message in an empty plot area ("no reads recorded"). */
export function drawEmptyMessage(
  g: Canvas,
  width: number,
  height: number,
  message: string,
): void {
  g.append("rect").attr("width", width).attr("height", height).attr("fill", "#fafafa")
    .attr("stroke", theme.grid);
  g.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
    .attr("dominant-baseline", "middle").attr("fill", theme.muted).text(message);
}
