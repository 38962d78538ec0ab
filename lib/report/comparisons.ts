/**
 * Honest comparisons, shared by the terminal tables, the report and `compare`: a QUBO head is
 * compared with a baseline only on the same features (same dataset, filter seed, feature
 * settings and ridge), or as means over exactly the same seeds; cells are grouped into one row
 * only when everything but the seed is equal (so different samplers never share a row); and the
 * two "exact" things have different names: the brute-force sampler `exact` and the exact-optimum
 * baseline.
 */
import type { BaselineSummary, CellSummary } from "../results/types.ts";

/** How tables name a sampler: the brute-force sampler is never just "exact". */
export function samplerLabel(name: string): string {
  return name === "exact" ? "exact (brute force)" : name;
}

/** How tables name a baseline method. */
export function baselineLabel(method: BaselineSummary["method"]): string {
  return method === "exact" ? "optimum" : "SGD";
}

/** One sentence defining both names, for notes under tables. */
export const EXACT_NAMES_NOTE =
  "optimum = the exact-optimum baseline (softmax regression solved to tolerance by L-BFGS on " +
  "the same features and ridge); exact (brute force) = the sampler that enumerates every QUBO " +
  "state.";

/** A cell's configuration without its seed: cells of one configuration differ only by seed. */
export function configurationOf(cell: Pick<CellSummary, "id">): string {
  return cell.id.replace(/\/seed=[^/]+/, "");
}

/**
 * The baseline of `method` trained on the same features as `cell`: the one listing the cell's
 * id, else (older runs without `cells`) the only one of the same dataset and seed.
 */
export function baselineFor(
  cell: CellSummary,
  baselines: readonly BaselineSummary[],
  method: BaselineSummary["method"],
): BaselineSummary | undefined {
  const ofMethod = baselines.filter((b) => b.method === method);
  const listed = ofMethod.find((b) => b.cells?.includes(cell.id));
  if (listed) return listed;
  const same = ofMethod.filter((b) =>
    !b.cells && b.dataset === cell.dataset && b.seed === cell.seed
  );
  return same.length === 1 ? same[0] : undefined;
}

/** Cells of one configuration, and how they compare with a baseline over the same seeds. */
export interface ConfigurationRow {
  /** configurationOf() of every cell in the row. */
  readonly configuration: string;
  readonly cells: readonly CellSummary[];
  readonly seeds: readonly number[];
  readonly meanTest: number;
  readonly meanTrain: number;
  readonly meanQuality: number;
  readonly meanSeconds: number;
  /** Per baseline method: its mean test accuracy over the cells' seeds and the mean paired gap. */
  readonly baselines: Partial<Record<BaselineSummary["method"], PairedMean>>;
}

/** A baseline compared with cells seed by seed. */
export interface PairedMean {
  /** Seeds where both the cell and the baseline exist (the means below use only these). */
  readonly seeds: number;
  /** Mean test accuracy of the baseline over those seeds. */
  readonly meanTest: number;
  /** Mean over those seeds of (cell test accuracy - baseline test accuracy). */
  readonly meanGap: number;
  /** True when some seed of the row had no baseline (so it is left out of the means). */
  readonly partial: boolean;
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** Pairs each cell with its baseline on the same features: the mean paired gap over seeds. */
export function pairedMean(
  cells: readonly CellSummary[],
  baselines: readonly BaselineSummary[],
  method: BaselineSummary["method"],
): PairedMean | undefined {
  const pairs = cells.map((c) => [c, baselineFor(c, baselines, method)] as const)
    .filter((p): p is readonly [CellSummary, BaselineSummary] => p[1] !== undefined);
  if (pairs.length === 0) return undefined;
  return {
    seeds: pairs.length,
    meanTest: mean(pairs.map(([, b]) => b.testAccuracy)),
    meanGap: mean(pairs.map(([c, b]) => c.testAccuracy - b.testAccuracy)),
    partial: pairs.length < cells.length,
  };
}

/** One row per configuration (every cell field equal but the seed), in first-seen order. */
export function configurationRows(
  cells: readonly CellSummary[],
  baselines: readonly BaselineSummary[],
): ConfigurationRow[] {
  const groups = new Map<string, CellSummary[]>();
  for (const c of cells) {
    const key = configurationOf(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups].map(([configuration, group]) => {
    const rowBaselines: ConfigurationRow["baselines"] = {};
    for (const method of ["exact", "sgd"] as const) {
      const paired = pairedMean(group, baselines, method);
      if (paired) rowBaselines[method] = paired;
    }
    return {
      configuration,
      cells: group,
      seeds: group.map((c) => c.seed),
      meanTest: mean(group.map((c) => c.testAccuracy)),
      meanTrain: mean(group.map((c) => c.trainAccuracy)),
      meanQuality: mean(group.map((c) => c.solveQuality)),
      meanSeconds: mean(group.map((c) => c.seconds)),
      baselines: rowBaselines,
    };
  });
}

/** The cell of median test accuracy (the lower median; ties by id): the report's default. */
export function medianCell(cells: readonly CellSummary[]): CellSummary | undefined {
  const score = (v: number) => (Number.isFinite(v) ? v : -Infinity);
  const sorted = [...cells].sort((a, b) =>
    score(a.testAccuracy) - score(b.testAccuracy) || a.id.localeCompare(b.id)
  );
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
