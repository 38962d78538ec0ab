/**
 * The results table printed at the end of a run: one row per cell, then the baselines, aligned
 * columns, percentages with one decimal, and the per-stage seconds.
 */
import type { BaselineSummary, CellSummary } from "../results/types.ts";

type Align = "left" | "right";

function renderTable(headers: string[], rows: string[][], align: Align[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (align[i] === "left" ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(
      "  ",
    );
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

const percent = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : "–");
const seconds = (
  x: number | undefined,
) => (x === undefined ? "–" : x < 10 ? x.toFixed(2) : x.toFixed(1));

/** The QUBO cells: sizes, accuracies, solve quality, time per stage. */
export function cellTable(cells: readonly CellSummary[]): string {
  const headers = [
    "cell",
    "n",
    "couplers",
    "train %",
    "test %",
    "quality",
    "iters",
    "features s",
    "gram s",
    "qubo s",
    "solve s",
    "eval s",
    "total s",
  ];
  const rows = cells.map((c) => {
    const stage = (c.stageSeconds ?? {}) as Record<string, number>;
    return [
      c.id,
      String(c.variables),
      c.couplers.toLocaleString("en-US"),
      percent(c.trainAccuracy),
      percent(c.testAccuracy),
      Number.isFinite(c.solveQuality) ? c.solveQuality.toFixed(3) : "–",
      String(c.iterations ?? "–"),
      seconds(stage.features),
      seconds(stage.gram),
      seconds(stage.qubo),
      seconds(stage.solve),
      seconds(stage.evaluate),
      seconds(c.seconds) + (c.cached ? " (cached)" : ""),
    ];
  });
  return renderTable(headers, rows, ["left", ...headers.slice(1).map(() => "right" as const)]);
}

/** The classical baselines on the same features. */
export function baselineTable(baselines: readonly BaselineSummary[]): string {
  const headers = ["dataset", "seed", "method", "train %", "test %", "seconds"];
  const rows = baselines.map((b) => [
    b.dataset,
    String(b.seed),
    b.method,
    percent(b.trainAccuracy),
    percent(b.testAccuracy),
    seconds(b.seconds as number | undefined),
  ]);
  return renderTable(headers, rows, ["left", "right", "left", "right", "right", "right"]);
}

/** Mean test accuracy per (dataset, K) against the exact optimum: the headline comparison. */
export function precisionTable(
  cells: readonly CellSummary[],
  baselines: readonly BaselineSummary[],
): string {
  const groups = new Map<string, CellSummary[]>();
  for (const c of cells) {
    const key = `${c.dataset}\u0000${c.policy}\u0000${c.sampler}\u0000${c.bits}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows: string[][] = [];
  for (const group of groups.values()) {
    const { dataset, policy, sampler, bits } = group[0];
    const seeds = new Set(group.map((c) => c.seed));
    const exact = baselines.filter((b) =>
      b.dataset === dataset && b.method === "exact" && seeds.has(b.seed)
    );
    const sgd = baselines.filter((b) =>
      b.dataset === dataset && b.method === "sgd" && seeds.has(b.seed)
    );
    const qubo = mean(group.map((c) => c.testAccuracy));
    const exactMean = exact.length ? mean(exact.map((b) => b.testAccuracy)) : NaN;
    rows.push([
      dataset,
      policy,
      sampler,
      String(bits),
      String(group.length),
      percent(qubo),
      percent(exactMean),
      exact.length ? (100 * (qubo - exactMean)).toFixed(1) : "–",
      sgd.length ? percent(mean(sgd.map((b) => b.testAccuracy))) : "–",
      mean(group.map((c) => c.solveQuality)).toFixed(3),
    ]);
  }
  const headers = [
    "dataset",
    "policy",
    "sampler",
    "K",
    "seeds",
    "test %",
    "exact %",
    "Δ pts",
    "sgd %",
    "quality",
  ];
  return renderTable(headers, rows, [
    "left",
    "left",
    "left",
    "right",
    "right",
    "right",
    "right",
    "right",
    "right",
    "right",
  ]);
}
