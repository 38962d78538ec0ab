/**
 * The results tables printed at the end of a run (and by `runs` and `compare`): aligned columns
 * that fit the terminal. Every column has a priority; when the table is wider than the terminal,
 * the least important columns are dropped (and named under the table), then the first column
 * wraps at '/' so the cell id stays whole.
 */
import type { BaselineSummary, CellSummary } from "../results/types.ts";
import {
  baselineLabel,
  configurationRows,
  EXACT_NAMES_NOTE,
  samplerLabel,
} from "../report/comparisons.ts";

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

const percent = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : "–");
const seconds = (
  x: number | undefined,
) => (x === undefined || !Number.isFinite(x) ? "–" : x < 10 ? x.toFixed(2) : x.toFixed(1));
/** Training time over SGD's on the same features ("12x"); the cell's own computed time. */
const ratio = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? "–" : `${x < 10 ? x.toFixed(1) : x.toFixed(0)}x`;
const points = (x: number) =>
  Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}` : "–";

/** The QUBO cells: accuracies, solve quality, sizes, time per stage, D-Wave facts if any. */
export function cellTable(cells: readonly CellSummary[], width = Infinity): string {
  const remote = cells.some((c) => c.solver !== undefined);
  const columns: TextColumn[] = [
    { header: "cell", priority: 0 },
    { header: "test %", align: "right", priority: 1 },
    { header: "train %", align: "right", priority: 2 },
    { header: "quality", align: "right", priority: 3 },
    { header: "total s", align: "right", priority: 4 },
    { header: "vs SGD", align: "right", priority: 8 },
    { header: "n", align: "right", priority: 5 },
    { header: "iters", align: "right", priority: 6 },
    { header: "solve s", align: "right", priority: 7 },
    { header: "couplers", align: "right", priority: 9 },
    { header: "qubo s", align: "right", priority: 10 },
    { header: "features s", align: "right", priority: 11 },
    { header: "gram s", align: "right", priority: 11 },
    { header: "eval s", align: "right", priority: 11 },
  ];
  if (remote) {
    columns.push(
      { header: "solver", priority: 4 },
      { header: "problems", align: "right", priority: 5 },
      { header: "QPU s", align: "right", priority: 5 },
      { header: "chain breaks", align: "right", priority: 6 },
    );
  }
  const rows = cells.map((c) => {
    const stage = (c.stageSeconds ?? {}) as Record<string, number>;
    const row = [
      c.id,
      percent(c.testAccuracy),
      percent(c.trainAccuracy),
      Number.isFinite(c.solveQuality) ? c.solveQuality.toFixed(3) : "–",
      c.cached ? "cached" : seconds(c.seconds),
      ratio(c.sgdTimeRatio),
      String(c.variables),
      String(c.iterations ?? "–"),
      seconds(stage.solve),
      c.couplers.toLocaleString("en-US"),
      seconds(stage.qubo),
      seconds(stage.features),
      seconds(stage.gram),
      seconds(stage.evaluate),
    ];
    if (remote) {
      row.push(
        c.solver ?? "–",
        c.problems === undefined ? "–" : String(c.problems),
        c.qpuAccessSeconds === undefined ? "–" : c.qpuAccessSeconds.toFixed(4),
        c.chainBreakFraction === undefined ? "–" : c.chainBreakFraction.toFixed(3),
      );
    }
    return row;
  });
  return renderTable(columns, rows, width);
}

/** The classical baselines on the same features. */
export function baselineTable(baselines: readonly BaselineSummary[], width = Infinity): string {
  const columns: TextColumn[] = [
    { header: "dataset", priority: 0 },
    { header: "seed", align: "right", priority: 0 },
    { header: "baseline", priority: 0 },
    { header: "test %", align: "right", priority: 1 },
    { header: "train %", align: "right", priority: 2 },
    { header: "seconds", align: "right", priority: 3 },
  ];
  const rows = baselines.map((b) => [
    b.dataset,
    String(b.seed),
    baselineLabel(b.method),
    percent(b.testAccuracy),
    percent(b.trainAccuracy),
    seconds(b.seconds as number | undefined),
  ]);
  return renderTable(columns, rows, width);
}

/**
 * Mean test accuracy per configuration (all settings equal but the seed) against the baselines
 * on the same seeds' features: the headline comparison. Gaps are means of per-seed differences.
 */
export function precisionTable(
  cells: readonly CellSummary[],
  baselines: readonly BaselineSummary[],
  width = Infinity,
): string {
  const columns: TextColumn[] = [
    { header: "configuration", priority: 0 },
    { header: "seeds", align: "right", priority: 2 },
    { header: "test %", align: "right", priority: 1 },
    { header: "optimum %", align: "right", priority: 1 },
    { header: "Δ optimum", align: "right", priority: 1 },
    { header: "SGD %", align: "right", priority: 3 },
    { header: "Δ SGD", align: "right", priority: 3 },
    { header: "quality", align: "right", priority: 4 },
    { header: "time vs SGD", align: "right", priority: 4 },
  ];
  let partial = false;
  const rows = configurationRows(cells, baselines).map((row) => {
    const { exact, sgd } = row.baselines;
    partial ||= !!exact?.partial || !!sgd?.partial;
    return [
      row.configuration.replace(/\/exact(\/|$)/, `/${samplerLabel("exact")}$1`),
      String(row.cells.length),
      percent(row.meanTest),
      exact ? percent(exact.meanTest) : "–",
      exact ? points(exact.meanGap) : "–",
      sgd ? percent(sgd.meanTest) : "–",
      sgd ? points(sgd.meanGap) : "–",
      Number.isFinite(row.meanQuality) ? row.meanQuality.toFixed(3) : "–",
      ratio(meanOf(row.cells.map((c) => c.sgdTimeRatio))),
    ];
  });
  const notes = [
    "Means over each configuration's seeds; Δ (points) = mean over the same seeds of the cell's " +
    "test accuracy minus the baseline's on the same features.",
    EXACT_NAMES_NOTE,
  ];
  if (partial) notes.push("Seeds without a baseline are left out of that baseline's Δ.");
  return [renderTable(columns, rows, width), "", ...notes.map((n) => wrapNote(n, width))].join(
    "\n",
  );
}

/** Mean of the defined values; undefined when there are none. */
function meanOf(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : undefined;
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
