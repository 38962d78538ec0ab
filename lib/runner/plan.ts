/**
 * `plan` / `run --dry-run`: the expanded cells and, for each stage, whether a run would compute
 * it or reuse the cache, without computing anything (datasets are read only to hash them).
 * D-Wave cells also show whether the QUBO fits each known solver.
 */
import { stageKey } from "../cache/canonical.ts";
import { entryPath } from "../cache/layout.ts";
import type { StageSpec } from "../cache/types.ts";
import { loadDataset } from "../datasets/load.ts";
import { featureGrid } from "../features/config.ts";
import { checkPipelineLimits } from "../pipeline/limits.ts";
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { canonicalJson } from "../cache/canonical.ts";
import { planDwave } from "../../samplers/dwave/plan.ts";
import { builtinSolvers } from "../../samplers/dwave/mock/solvers.ts";
import { datasetKey, STAGE_VERSIONS } from "./feature_stage.ts";

/** True when `path` exists (a cache entry, for "reuse" vs "compute"). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The StageSpecs of a cell's cached stages, given its dataset key and feature width. */
export async function cellSpecs(
  cell: CellConfig,
  dataKey: string,
): Promise<Record<string, StageSpec>> {
  const features: StageSpec = {
    stage: "features",
    version: STAGE_VERSIONS.features,
    params: { ...cell.features },
    upstream: { dataset: dataKey },
  };
  const featuresKey = await stageKey(features);
  const gram: StageSpec = {
    stage: "gram",
    version: STAGE_VERSIONS.gram,
    params: {},
    upstream: { features: featuresKey },
  };
  const train: StageSpec = {
    stage: "train",
    version: STAGE_VERSIONS.train,
    params: { training: cell.training, sampler: cell.sampler },
    upstream: { features: featuresKey, gram: await stageKey(gram) },
  };
  return { features, gram, train };
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
    const grid = featureGrid(cell.features, data.height, data.width);
    const width = grid.filters * grid.height * grid.width + 1;
    const n = width * cell.training.bits;
    const couplers = (n * (n - 1)) / 2;
    const specs = await cellSpecs(cell, data.key);
    const status: string[] = [];
    for (const stage of ["features", "gram", "train"]) {
      status.push(
        (await exists(entryPath(cacheDir, await stageKey(specs[stage])))) ? "reuse" : "compute",
      );
    }
    rows.push([cell.id, String(width - 1), String(n), couplers.toLocaleString("en-US"), ...status]);
    if (cell.sampler.name.startsWith("dwave")) {
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
  const headers = ["cell", "d", "n", "couplers", "features", "gram", "train"];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const computeCount = rows.filter((r) => r[6] === "compute").length;
  return [
    `${pipeline.name}: ${pipeline.cells.length} cells (${computeCount} to train, ${
      pipeline.cells.length - computeCount
    } cached) · cache ${cacheDir}`,
    "",
    line(headers),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...rows.map(line),
    ...(dwaveLines.length
      ? ["", "D-Wave solvers (offline descriptions):", ...dwaveLines.map((l) => `  ${l}`)]
      : []),
    ...(notes.length ? ["", ...notes.map((note) => `note: ${note}`)] : []),
  ].join("\n");
}
