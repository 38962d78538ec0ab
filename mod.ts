/**
 * qubo-cnn: train the classifier head of a random-feature CNN by per-class QUBOs.
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
export type { FeatureSettings } from "./lib/features/config.ts";
export { designMatrix, fitStandardizer } from "./lib/features/standardize.ts";
export { gramMatrix } from "./lib/gram.ts";
export { confusionMatrix, evaluateSoftmax, predict } from "./lib/softmax.ts";
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
  TrainResult,
} from "./lib/train/train_head.ts";
export { fitExactSoftmax } from "./lib/baselines/exact.ts";
export { fitSgdSoftmax } from "./lib/baselines/sgd.ts";

// Samplers
export { anneal, SA_PARAM_NAMES, SaSampler, saSampler } from "./samplers/sa.ts";
export type { SaParams } from "./samplers/sa.ts";
export { EXACT_MAX_N, ExactSampler, exactSampler, solveExact } from "./samplers/exact.ts";
export { nealBetaRange, typicalFlipBetaRange } from "./samplers/beta_range.ts";
export { createDwaveSampler, DWAVE_SAMPLER_NAMES } from "./samplers/dwave/factory.ts";
export { planDwave } from "./samplers/dwave/plan.ts";
export { startMockSapi } from "./samplers/dwave/mock/server.ts";

// Data
export { loadDataset } from "./lib/datasets/load.ts";
export { CATALOGUE, findCatalogueEntry } from "./lib/datasets/catalogue.ts";
export { downloadFile } from "./lib/datasets/download.ts";
export { fetchDataset } from "./lib/datasets/fetch_dataset.ts";
export { allDatasetStatus } from "./lib/datasets/status.ts";

// Pipelines, cache, runner, reports
export { loadPipeline, parsePipeline } from "./lib/pipeline/load.ts";
export type { CellConfig, Pipeline } from "./lib/pipeline/types.ts";
export { declaredParams, stageKey } from "./lib/cache/canonical.ts";
export { openCache } from "./lib/cache/store.ts";
export { gcCache, listEntries, verifyCache } from "./lib/cache/inspect.ts";
export { explainCellChange, explainKeyChange } from "./lib/cache/explain.ts";
export { readQuboFile, writeQubo } from "./lib/qubo_format.ts";
export { runPipeline } from "./lib/runner/run_pipeline.ts";
export type { RunOptions, RunResult } from "./lib/runner/run_pipeline.ts";
export { silentReporter } from "./lib/runner/reporter.ts";
export type { RunReporter } from "./lib/runner/reporter.ts";
export { planPipeline } from "./lib/runner/plan.ts";
export { buildReport } from "./lib/report/build_report.ts";
