/**
 * The shared stages of a sweep on their own: features and Gram matrix of every distinct
 * (dataset, features) pair and the baselines on them, through the cache, with the same stage
 * functions the runner uses. A batch executor runs this once before the cells, so the cells'
 * tasks read these entries instead of each computing them.
 */
import { canonicalJson } from "../cache/canonical.ts";
import { openCache } from "../cache/store.ts";
import { loadDataset } from "../datasets/load.ts";
import type { Pipeline } from "../pipeline/types.ts";
import { runBaselines } from "../runner/baseline_stage.ts";
import { datasetKey, prepareFeatures } from "../runner/feature_stage.ts";
import type { RunReporter } from "../runner/reporter.ts";

/** Computes (or finds) every shared entry; returns how many (dataset, features) pairs. */
export async function runSharedStages(
  pipeline: Pipeline,
  cacheDir: string,
  reporter: RunReporter,
): Promise<number> {
  const cache = await openCache(cacheDir, { durable: false });
  const done = new Set<string>();
  const pairs = new Set<string>();
  for (const cell of pipeline.cells) {
    const id = canonicalJson({ d: cell.dataset, f: cell.features, r: cell.training.ridge });
    if (done.has(id)) continue;
    done.add(id);
    pairs.add(canonicalJson({ d: cell.dataset, f: cell.features }));
    reporter.stage(`loading ${cell.dataset.name}`);
    const dataset = await loadDataset(cell.dataset);
    const key = await datasetKey(dataset, { ...cell.dataset });
    const prepared = await prepareFeatures(
      cache,
      dataset,
      key,
      cell.features,
      (e) => reporter.progress(e),
    );
    reporter.stage(`baselines of ${cell.id}`);
    await runBaselines(cache, prepared, pipeline.baselines, cell.training.ridge);
  }
  return pairs.size;
}
