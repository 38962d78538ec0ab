/**
 * Text tables for the terminal, one renderer for every listing (the results tables, `runs`,
 * `compare`, `plan`, `cache ls`, `datasets`, `dwave solvers`): aligned columns under a header
 * and a rule, two spaces apart, no trailing blanks. Every column has a priority; when the
 * table is wider than the terminal, the least important columns are dropped (and named under
 * the table), then the widest columns wrap (at '/' or ' ' where they can, so a cell id stays
 * readable).
 */

/** One column of a text table. */
export interface TextColumn {
  readonly header: string;
  readonly align?: "left" | "right";
  /** 0 is never dropped; higher numbers are dropped first when the table is too wide. */
  readonly priority: number;
}

/** The width tables should fit: the terminal's, `COLUMNS`, or none when not a terminal. */
export function terminalWidth(): number {
  const env = Number(Deno.env.get("COLUMNS"));
  if (Number.isInteger(env) && env > 0) return env;
  try {
    if (Deno.stdout.isTerminal()) return Deno.consoleSize().columns;
  } catch {
    // no console: no limit
  }
  return Infinity;
}

/** Splits `text` into pieces of at most `width` characters, preferring breaks after '/' or ' '. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = Math.max(rest.lastIndexOf("/", width - 1), rest.lastIndexOf(" ", width - 1));
    const at = cut > 0 ? cut + 1 : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at);
  }
  lines.push(rest);
  return lines;
}

/**
 * Renders `rows` under `columns`, fitting `width` characters (default: no limit): drops columns
 * by priority, then narrows the widest columns, whose cells wrap onto extra lines.
 */
export function renderTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  width = Infinity,
): string {
  let kept = columns.map((_, i) => i);
  const natural = (i: number) =>
    Math.max(columns[i].header.length, ...rows.map((r) => (r[i] ?? "").length));
  const total = (ks: number[], w: (i: number) => number) =>
    ks.reduce((a, i) => a + w(i), 0) + 2 * (ks.length - 1);
  const dropped: string[] = [];
  while (total(kept, natural) > width) {
    const candidates = kept.filter((i) => columns[i].priority > 0);
    if (candidates.length === 0) break;
    const worst = candidates.reduce((a, b) => (columns[b].priority >= columns[a].priority ? b : a));
    kept = kept.filter((i) => i !== worst);
    dropped.push(columns[worst].header);
  }
  const widths = new Map(kept.map((i) => [i, natural(i)]));
  // Still too wide: narrow the widest column a character at a time, first no narrower than
  // its longest word (so words stay whole), then down to 10.
  const longestWord = (i: number) =>
    Math.max(
      columns[i].header.length,
      ...rows.flatMap((r) => (r[i] ?? "").split(/[ /]/).map((w) => w.length + 1)),
    );
  for (const floor of [longestWord, () => 10]) {
    while (total(kept, (i) => widths.get(i)!) > width) {
      const narrowable = kept.filter((i) => widths.get(i)! > Math.max(10, floor(i)));
      if (narrowable.length === 0) break;
      const widest = narrowable.reduce((a, b) => (widths.get(b)! > widths.get(a)! ? b : a));
      widths.set(widest, widths.get(widest)! - 1);
    }
  }
  const pad = (text: string, i: number) =>
    columns[i].align === "right" ? text.padStart(widths.get(i)!) : text.padEnd(widths.get(i)!);
  const line = (cells: readonly string[]) => {
    const pieces = kept.map((i) => wrap(cells[i] ?? "", widths.get(i)!));
    const height = Math.max(...pieces.map((p) => p.length));
    return Array.from(
      { length: height },
      (_, n) => kept.map((i, k) => pad(pieces[k][n] ?? "", i)).join("  ").trimEnd(),
    ).join("\n");
  };
  const out = [
    line(columns.map((c) => c.header)),
    kept.map((i) => "\u2500".repeat(widths.get(i)!)).join("  "),
    ...rows.map(line),
  ];
  if (dropped.length) {
    out.push(wrapNote(`(not shown, to fit ${width} columns: ${dropped.join(", ")})`, width));
  }
  return out.join("\n");
}

/**
 * A table whose columns are all kept (priority 0) and never narrowed: header, rule, rows, as
 * lines. `right` holds the indices of the right-aligned columns.
 *
 * @example
 * ```ts
 * import { plainTable } from "./table.ts";
 * const lines = plainTable(["stage", "size"], [["gram", "1.2 MB"]], [1]);
 * if (lines[2] !== "gram   1.2 MB") throw new Error(lines.join("\n"));
 * ```
 */
export function plainTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const columns = headers.map((header, i): TextColumn => ({
    header,
    align: right.includes(i) ? "right" : "left",
    priority: 0,
  }));
  return renderTable(columns, rows).split("\n");
}

/** A note wrapped at word boundaries to fit `width` (no limit: one line). */
export function wrapNote(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
