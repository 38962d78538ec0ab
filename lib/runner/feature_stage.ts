/**
 * Dataset -> features -> Gram matrix, each a cached stage. The dataset's identity is its request
 * (without the directory it was found in) and the sha256 of its files, so the same bytes found
 * elsewhere give the same key.
 */
import { canonicalJson, sha256Hex } from "../cache/canonical.ts";
import type { FileArtifactCache } from "../cache/store.ts";
import type { StageSpec } from "../cache/types.ts";
import type { Dataset } from "../datasets/types.ts";
import { extractFeatures } from "../features/extract.ts";
import { featureGrid } from "../features/config.ts";
import { designMatrix, fitStandardizer } from "../features/standardize.ts";
import { gramMatrix } from "../gram.ts";
import type { FeatureConfig } from "../pipeline/types.ts";
import type { ProgressFn } from "../progress.ts";
import type { HeadProblem } from "../train/train_head.ts";
import { BASELINE } from "../stages/baseline.ts";
import { FEATURES } from "../stages/features.ts";
import { GRAM } from "../stages/gram.ts";
import { QUBO_SAMPLE } from "../stages/qubo_sample.ts";
import { SOLVE } from "../stages/solve.ts";
import { TRAIN } from "../stages/train.ts";

/** Stage code versions, from the stage definitions (lib/stages). */
export const STAGE_VERSIONS = {
  features: FEATURES.version,
  gram: GRAM.version,
  qubo: QUBO_SAMPLE.version,
  solve: SOLVE.version,
  train: TRAIN.version,
  baseline: BASELINE.version,
} as const;

/** The design matrices and Gram matrix of one (dataset, features) pair, with their keys. */
export interface PreparedFeatures {
  readonly problem: HeadProblem;
  readonly grid: { filters: number; height: number; width: number };
  readonly classNames: readonly string[];
  readonly keys: { readonly dataset: string; readonly features: string; readonly gram: string };
  readonly specs: Record<string, StageSpec>;
  readonly seconds: { readonly features: number; readonly gram: number };
  readonly hits: { readonly features: boolean; readonly gram: boolean };
}

/** The cache identity of a loaded dataset. */
export async function datasetKey(
  dataset: Dataset,
  request: Record<string, unknown>,
): Promise<string> {
  const { dataDir: _where, ...identity } = request;
  const files = dataset.provenance.files.map((f) => f.sha256).sort();
  return await sha256Hex(canonicalJson({ request: identity, files }));
}

/** Computes or loads the features and Gram matrix. */
export async function prepareFeatures(
  cache: FileArtifactCache,
  dataset: Dataset,
  dataKey: string,
  features: FeatureConfig,
  onProgress?: ProgressFn,
): Promise<PreparedFeatures> {
  const featureInput = { features, dataset: dataKey };
  let started = performance.now();
  const featureEntry = await FEATURES.run(cache, featureInput, () => {
    const trainRaw = extractFeatures(dataset.train, features, onProgress);
    const testRaw = extractFeatures(dataset.test, features, onProgress);
    const standardizer = fitStandardizer(trainRaw);
    return {
      meta: {
        width: trainRaw.dim + 1,
        trainCount: dataset.train.count,
        testCount: dataset.test.count,
      },
      arrays: {
        trainX: designMatrix(trainRaw, standardizer),
        testX: designMatrix(testRaw, standardizer),
        trainLabels: dataset.train.labels,
        testLabels: dataset.test.labels,
      },
    };
  });
  const featureSeconds = (performance.now() - started) / 1000;
  const meta = featureEntry.meta;
  const arrays = featureEntry.arrays;
  const trainX = arrays.trainX;

  const gramInput = { features: featureEntry.key };
  started = performance.now();
  const gramEntry = await GRAM.run(cache, gramInput, () => ({
    meta: { width: meta.width },
    arrays: { gram: gramMatrix(trainX, meta.trainCount, meta.width) },
  }));
  const gramSeconds = (performance.now() - started) / 1000;

  return {
    problem: {
      train: { x: trainX, count: meta.trainCount, labels: arrays.trainLabels },
      test: { x: arrays.testX, count: meta.testCount, labels: arrays.testLabels },
      width: meta.width,
      classes: dataset.classNames.length,
      gram: gramEntry.arrays.gram,
    },
    grid: featureGrid(features, dataset.train.height, dataset.train.width),
    classNames: dataset.classNames,
    keys: { dataset: dataKey, features: featureEntry.key, gram: gramEntry.key },
    specs: { features: FEATURES.spec(featureInput), gram: GRAM.spec(gramInput) },
    seconds: { features: featureSeconds, gram: gramSeconds },
    hits: { features: featureEntry.hit, gram: gramEntry.hit },
  };
}
