/**
 * A run's cells and baselines as flat rows (`export RUN --csv` or `--jsonl`), for pandas, R or a
 * spreadsheet. Each cell row carries the baselines trained on the same features, so the honest
 * comparison is one subtraction away; JSON has no NaN, so a missing number is empty (CSV) or
 * null (JSON lines).
 */
import { baselineFor } from "../report/comparisons.ts";
import type { RunFiles } from "../report/read_results.ts";
import type { BaselineSummary, CellSummary } from "../results/types.ts";

/** Columns of an export, in order. */
export const EXPORT_COLUMNS = [
  "run",
  "kind",
  "id",
  "dataset",
  "seed",
  "bits",
  "sampler",
  "policy",
  "method",
  "trainAccuracy",
  "testAccuracy",
  "solveQuality",
  "iterations",
  "variables",
  "couplers",
  "seconds",
  "optimumTestAccuracy",
  "sgdTestAccuracy",
  "solver",
  "problems",
  "qpuAccessSeconds",
  "chainBreakFraction",
] as const;

/** One exported row: a value (or null) per column. */
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The rows of a run: its cells, then its baselines. */
export function exportRows(run: RunFiles, runName: string): ExportRow[] {
  const { cells, baselines } = run.summary;
  const empty = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, null])) as ExportRow;
  const cellRows = cells.map((c: CellSummary): ExportRow => ({
    ...empty,
    run: runName,
    kind: "cell",
    id: c.id,
    dataset: c.dataset,
    seed: c.seed,
    bits: c.bits,
    sampler: c.sampler,
    policy: c.policy,
    trainAccuracy: num(c.trainAccuracy),
    testAccuracy: num(c.testAccuracy),
    solveQuality: num(c.solveQuality),
    iterations: num(c.iterations),
    variables: num(c.variables),
    couplers: num(c.couplers),
    seconds: num(c.seconds),
    optimumTestAccuracy: num(baselineFor(c, baselines, "exact")?.testAccuracy),
    sgdTestAccuracy: num(baselineFor(c, baselines, "sgd")?.testAccuracy),
    solver: c.solver ?? null,
    problems: num(c.problems),
    qpuAccessSeconds: num(c.qpuAccessSeconds),
    chainBreakFraction: num(c.chainBreakFraction),
  }));
  const baselineRows = baselines.map((b: BaselineSummary): ExportRow => ({
    ...empty,
    run: runName,
    kind: "baseline",
    id: `${b.dataset}/seed=${b.seed}/${b.method === "exact" ? "optimum" : b.method}`,
    dataset: b.dataset,
    seed: b.seed,
    method: b.method === "exact" ? "optimum" : b.method,
    trainAccuracy: num(b.trainAccuracy),
    testAccuracy: num(b.testAccuracy),
    seconds: num(b.seconds),
  }));
  return [...cellRows, ...baselineRows];
}

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV with a header line, CRLF-free (one \n per row). */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(",")];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((c) => csvField(row[c])).join(","));
  return lines.join("\n") + "\n";
}

/** The rows as JSON lines: one object per line, columns in order. */
export function toJsonLines(rows: readonly ExportRow[]): string {
  return rows.map((r) => JSON.stringify(r, [...EXPORT_COLUMNS])).join("\n") + "\n";
}
