/**
 * `plan` / `run --dry-run`: the expanded cells and, for each stage, whether a run would compute
 * it or reuse the cache, without computing anything (datasets are read only to hash them).
 * D-Wave cells also show whether the QUBO fits each known solver.
 */
import { plainTable } from "../table.ts";
import { stageKey } from "../cache/canonical.ts";
import { entryPath } from "../cache/layout.ts";
import type { StageSpec } from "../cache/types.ts";
import { loadDataset } from "../datasets/load.ts";
import { checkPipelineLimits } from "../pipeline/limits.ts";
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { canonicalJson } from "../cache/canonical.ts";
import { planDwave } from "../../samplers/dwave/plan.ts";
import { builtinSolvers } from "../../samplers/dwave/mock/solvers.ts";
import { datasetKey } from "./feature_stage.ts";
import { FEATURES } from "../stages/features.ts";
import { GRAM } from "../stages/gram.ts";
import { TRAIN } from "../stages/train.ts";
import { cellWidth, preflightCell, preflightError } from "./preflight.ts";
import { samplerEntry } from "../../samplers/registry.ts";

/** True when `path` exists (a cache entry, for "reuse" vs "compute"). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The StageSpecs of a cell's cached stages, given its dataset key: built by the same stage
 * definitions (lib/stages) that `run` computes through, so plan and why predict run's keys.
 */
export async function cellSpecs(
  cell: CellConfig,
  dataKey: string,
): Promise<Record<string, StageSpec>> {
  const featuresInput = { features: cell.features, dataset: dataKey };
  const gramInput = { features: await FEATURES.key(featuresInput) };
  const train = TRAIN.spec({
    training: cell.training,
    sampler: cell.sampler,
    features: gramInput.features,
    gram: await GRAM.key(gramInput),
  });
  return { features: FEATURES.spec(featuresInput), gram: GRAM.spec(gramInput), train };
}

/** Renders the plan as a table. */
export async function planPipeline(
  pipeline: Pipeline,
  options: { cacheDir?: string } = {},
): Promise<string> {
  checkPipelineLimits(pipeline);
  const cacheDir = options.cacheDir ?? pipeline.cacheDir;
  const dataKeys = new Map<string, { key: string; height: number; width: number }>();
  const rows: string[][] = [];
  const dwaveLines: string[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  for (const cell of pipeline.cells) {
    const id = canonicalJson(cell.dataset);
    if (!dataKeys.has(id)) {
      const dataset = await loadDataset(cell.dataset);
      notes.push(...(dataset.provenance.warnings ?? []));
      dataKeys.set(id, {
        key: await datasetKey(dataset, { ...cell.dataset }),
        height: dataset.train.height,
        width: dataset.train.width,
      });
    }
    const data = dataKeys.get(id)!;
    const width = cellWidth(cell, data);
    const n = width * cell.training.bits;
    const couplers = (n * (n - 1)) / 2;
    problems.push(...preflightCell(cell, width));
    const specs = await cellSpecs(cell, data.key);
    const status: string[] = [];
    for (const stage of ["features", "gram", "train"]) {
      status.push(
        (await exists(entryPath(cacheDir, await stageKey(specs[stage])))) ? "reuse" : "compute",
      );
    }
    rows.push([cell.id, String(width - 1), String(n), couplers.toLocaleString("en-US"), ...status]);
    if (samplerEntry(cell.sampler.name).location === "remote") {
      for (const solver of builtinSolvers()) {
        const plan = planDwave(n, couplers, solver) as unknown as Record<string, unknown>;
        dwaveLines.push(
          `${cell.id} on ${solver.identity.name}: ${plan.fits ? "fits" : "does not fit"}` +
            (plan.chainLength ? `, chain length ${plan.chainLength}` : "") +
            (typeof plan.expectedSeconds === "number"
              ? `, about ${(plan.expectedSeconds as number).toFixed(2)} s per solve`
              : "") +
            (plan.reason && !plan.fits ? ` (${plan.reason})` : ""),
        );
      }
    }
  }
  if (problems.length > 0) throw preflightError(pipeline, problems);
  const computeCount = rows.filter((r) => r[6] === "compute").length;
  return [
    `${pipeline.name}: ${pipeline.cells.length} cells (${computeCount} to train, ${
      pipeline.cells.length - computeCount
    } cached) · cache ${cacheDir}`,
    "",
    ...plainTable(
      ["cell", "d", "n", "couplers", "features", "gram", "train"],
      rows,
      [1, 2, 3, 4, 5, 6],
    ),
    ...(dwaveLines.length
      ? ["", "D-Wave solvers (offline descriptions):", ...dwaveLines.map((l) => `  ${l}`)]
      : []),
    ...(notes.length ? ["", ...notes.map((note) => `note: ${note}`)] : []),
  ].join("\n");
}
