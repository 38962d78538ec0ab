/**
 * What of a sweep the cache already holds, without computing anything: which cells are trained
 * (their "train" entry exists) and whether the shared stages (features, Gram matrices,
 * baselines) are all there. A batch executor submits only what is missing.
 */
import { canonicalJson, stageKey } from "../cache/canonical.ts";
import { entryPath } from "../cache/layout.ts";
import { loadDataset } from "../datasets/load.ts";
import type { Pipeline } from "../pipeline/types.ts";
import { datasetKey } from "../runner/feature_stage.ts";
import { BASELINE } from "../stages/baseline.ts";
import { cellSpecs, exists } from "../runner/plan.ts";

/** The cache's state for one pipeline. */
export interface CacheStatus {
  /** Indices (into pipeline.cells) of the cells whose training is not cached. */
  readonly missingCells: readonly number[];
  /** True when every features, Gram and baseline entry the sweep needs is cached. */
  readonly sharedCached: boolean;
}

/** Looks the sweep's entries up in `cacheDir`. */
export async function cacheStatus(pipeline: Pipeline, cacheDir: string): Promise<CacheStatus> {
  const dataKeys = new Map<string, string>();
  const missingCells: number[] = [];
  let sharedCached = true;
  const seenShared = new Set<string>();
  for (const [index, cell] of pipeline.cells.entries()) {
    const id = canonicalJson(cell.dataset);
    if (!dataKeys.has(id)) {
      const dataset = await loadDataset(cell.dataset);
      dataKeys.set(id, await datasetKey(dataset, { ...cell.dataset }));
    }
    const specs = await cellSpecs(cell, dataKeys.get(id)!);
    if (!(await exists(entryPath(cacheDir, await stageKey(specs.train))))) {
      missingCells.push(index);
    }
    const sharedId = canonicalJson({ d: cell.dataset, f: cell.features, r: cell.training.ridge });
    if (!sharedCached || seenShared.has(sharedId)) continue;
    seenShared.add(sharedId);
    const featuresKey = await stageKey(specs.features);
    const keys = [featuresKey, await stageKey(specs.gram)];
    for (
      const [method, config] of [["sgd", pipeline.baselines.sgd], [
        "exact",
        pipeline.baselines.exact,
      ]] as const
    ) {
      if (!config) continue;
      keys.push(
        await BASELINE.key({ method, config, ridge: cell.training.ridge, features: featuresKey }),
      );
    }
    for (const key of keys) {
      if (!(await exists(entryPath(cacheDir, key)))) sharedCached = false;
    }
  }
  return { missingCells, sharedCached };
}
