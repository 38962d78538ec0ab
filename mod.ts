/**
 * qubo-cnn: train the classifier head of a random-feature CNN by per-class QUBOs.
 *
 * This entry (`@qubo-cnn/qubo-cnn`) is the library: the numerical core (features, Gram matrix,
 * softmax, the QUBO training loop), datasets, pipelines, the cache, the runner and the report,
 * with the samplers' public classes. `@qubo-cnn/qubo-cnn/samplers` holds the whole sampler
 * package (contract, registry, problem forms, D-Wave), and `@qubo-cnn/qubo-cnn/testing` the
 * mock D-Wave server for tests.
 *
 * @example Parse a pipeline: one cell per value of a swept field
 * ```ts
 * import { parsePipeline } from "@qubo-cnn/qubo-cnn";
 *
 * const pipeline = parsePipeline(
 *   "dataset: { name: digits }\ntraining: { bits: [4, 8] }\nsampler: { name: sa }\n",
 *   "sweep.yaml",
 * );
 * if (pipeline.name !== "sweep") throw new Error("the name defaults to the file's base name");
 * const bits = pipeline.cells.map((cell) => cell.training.bits);
 * if (bits.join() !== "4,8") throw new Error(`expected cells K=4 and K=8, got ${bits}`);
 * ```
 *
 * @example Run a tiny digits pipeline into a temporary directory
 * ```ts
 * import { parsePipeline, runPipeline, silentReporter } from "@qubo-cnn/qubo-cnn";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   const pipeline = parsePipeline(
 *     [
 *       "dataset: { name: digits, trainPerClass: 5, testPerClass: 2 }",
 *       "features: { filters: 1, kernel: 3, pool: 2, seed: 1 }",
 *       "training: { bits: 4, iterations: 2 }",
 *       "sampler: { name: sa, params: { numSweeps: 20 } }",
 *       "baselines: false",
 *       "report: false",
 *     ].join("\n"),
 *     `${dir}/tiny.yaml`,
 *   );
 *   const { summary } = await runPipeline({
 *     pipeline,
 *     outDir: `${dir}/results`,
 *     cacheDir: `${dir}/cache`,
 *     jobs: 1,
 *     reporter: silentReporter,
 *   });
 *   if (summary.cells.length !== 1) throw new Error("expected one cell");
 *   await Deno.stat(`${dir}/results/summary.json`); // the results directory was written
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 *
 * @module
 */
export * from "./lib/errors.ts";
export * from "./lib/qubo.ts";
export * from "./lib/progress.ts";
export * from "./samplers/sampler.ts";
export type * from "./lib/datasets/types.ts";
export * from "./lib/results/types.ts";
export type * from "./lib/cache/types.ts";

// Numerical core
export { extractFeatures } from "./lib/features/extract.ts";
export type { RawFeatures } from "./lib/features/extract.ts";
export type { FeatureSettings } from "./lib/features/config.ts";
export { designMatrix, fitStandardizer } from "./lib/features/standardize.ts";
export type { Standardizer } from "./lib/features/standardize.ts";
export { gramMatrix } from "./lib/gram.ts";
export { confusionMatrix, evaluateSoftmax, predict } from "./lib/softmax.ts";
export type { SoftmaxEvaluation, SoftmaxInput } from "./lib/softmax.ts";
export type { CholeskyFactor } from "./lib/linalg/cholesky.ts";
export { decodeWeights, encodeWeights, fixedBox, trustBox } from "./lib/train/encoding.ts";
export type { Box } from "./lib/train/encoding.ts";
export { continuousStep, surrogateCurvature, surrogateValue } from "./lib/train/surrogate.ts";
export { buildClassQubo } from "./lib/train/class_qubo.ts";
export { problemBetaRange } from "./lib/train/beta_range.ts";
export { DEFAULT_TRAIN_SETTINGS } from "./lib/train/config.ts";
export type { TrainSettings } from "./lib/train/config.ts";
export { trainQuboHead } from "./lib/train/train_head.ts";
export type {
  ClassQuboTask,
  ClassSolver,
  HeadProblem,
  LabelledMatrix,
  SoftmaxEvaluator,
  TrainOptions,
  TrainResult,
} from "./lib/train/train_head.ts";
export { fitExactSoftmax } from "./lib/baselines/exact.ts";
export type { BaselineFit, ExactSettings } from "./lib/baselines/exact.ts";
export { fitSgdSoftmax } from "./lib/baselines/sgd.ts";
export type { SgdSettings } from "./lib/baselines/sgd.ts";

// Samplers (the whole sampler package is `./samplers`)
export {
  anneal,
  createDwaveSampler,
  DWAVE_SAMPLER_NAMES,
  EXACT_MAX_N,
  ExactSampler,
  exactSampler,
  makeStructuredQubo,
  nealBetaRange,
  planDwave,
  SA_PARAM_NAMES,
  SaSampler,
  saSampler,
  solveExact,
  typicalFlipBetaRange,
} from "./samplers/mod.ts";
export type {
  AnnealOptions,
  BetaRange,
  DwaveOptions,
  DwavePlan,
  DwaveSamplerName,
  ExactParams,
  QuboProblem,
  SaParams,
  StructuredQubo,
} from "./samplers/mod.ts";

// Data
export { loadDataset } from "./lib/datasets/load.ts";
export type { LoadOptions } from "./lib/datasets/load.ts";
export { downloadFile } from "./lib/datasets/download.ts";
export type { DownloadRequest, DownloadResult } from "./lib/datasets/download.ts";
export { fetchDataset } from "./lib/datasets/fetch_dataset.ts";
export type { FetchOptions, FetchOutcome } from "./lib/datasets/fetch_dataset.ts";
export { allDatasetStatus } from "./lib/datasets/status.ts";
export type { DatasetStatus } from "./lib/datasets/status.ts";
export type { DatasetEnv } from "./lib/datasets/locations.ts";
export type { ChecksumOverrides } from "./lib/datasets/locate.ts";

// Pipelines, cache, runner, reports
export { loadPipeline, parsePipeline } from "./lib/pipeline/load.ts";
export {
  ACTIVATIONS,
  COLOR_MODES,
  DATASET_NAMES,
  EMNIST_SPLITS,
  ETA_SCHEDULES,
  FILTER_INITS,
  POLICIES,
  POOLINGS,
} from "./lib/pipeline/types.ts";
export type {
  CellConfig,
  DatasetConfig,
  DatasetName,
  EmnistSplit,
  ExactConfig,
  FeatureConfig,
  Pipeline,
  SamplerConfig,
  SgdConfig,
  TrainingConfig,
} from "./lib/pipeline/types.ts";
export { declaredParams, stageKey } from "./lib/cache/canonical.ts";
export { openCache } from "./lib/cache/store.ts";
export type {
  CacheEvent,
  CacheOptions,
  FileArtifactCache,
  StoredEntry,
} from "./lib/cache/store.ts";
export { gcCache, listEntries, verifyCache } from "./lib/cache/inspect.ts";
export type {
  BadEntry,
  CacheEntryInfo,
  GcOptions,
  GcReport,
  VerifyReport,
} from "./lib/cache/inspect.ts";
export { explainCellChange, explainKeyChange } from "./lib/cache/explain.ts";
export { readQuboFile, writeQubo } from "./lib/qubo_format.ts";
export type { QuboFileFormat } from "./lib/qubo_format.ts";
export { runPipeline } from "./lib/runner/run_pipeline.ts";
export type { RunOptions, RunResult } from "./lib/runner/run_pipeline.ts";
export { silentReporter } from "./lib/runner/reporter.ts";
export type { CellPlan, CellStart, RunReporter } from "./lib/runner/reporter.ts";
export type { RunLabels } from "./lib/experiments/labels.ts";
export { planPipeline } from "./lib/runner/plan.ts";
export { buildReport } from "./lib/report/build_report.ts";
export type { BuildReportOptions, BuildReportResult } from "./lib/report/build_report.ts";
