/**
 * The results tables printed at the end of a run: the cells, the baselines and the precision
 * sweep, laid out by lib/table.ts (columns by priority, fitting the terminal).
 */
import type { BaselineSummary, CellSummary } from "../results/types.ts";
import { renderTable, type TextColumn, wrapNote } from "../table.ts";
import {
  baselineLabel,
  configurationRows,
  EXACT_NAMES_NOTE,
  samplerLabel,
} from "../report/comparisons.ts";

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
