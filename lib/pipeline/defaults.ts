/**
 * Defaults of every optional pipeline field, in one place: the loader fills them and the JSON
 * Schema publishes them for editors.
 */
import type {
  ExactConfig,
  FeatureConfig,
  SamplerConfig,
  SgdConfig,
  TrainingConfig,
} from "./types.ts";
import { DEFAULT_TRAIN_SETTINGS } from "../train/config.ts";

/** Cache directory, relative to the working directory (the project root). */
export { DEFAULT_CACHE_DIR } from "../cache/layout.ts";

/** Dataset defaults; split, color and testFraction/splitSeed apply to one dataset each. */
export const DEFAULT_DATASET = {
  split: "balanced",
  testFraction: 0.25,
  splitSeed: 0,
  trainPerClass: null,
  testPerClass: null,
  subsampleSeed: 0,
  color: "gray",
  dataDir: null,
} as const;

/** Feature defaults: the digits setting of DESIGN.md 1.1 (d = 36 on 8x8 images). */
export const DEFAULT_FEATURES: FeatureConfig = {
  filters: 4,
  kernel: 3,
  stride: 1,
  activation: "relu",
  pooling: "mean",
  pool: 2,
  filterInit: "gaussian",
  seed: 1,
};

/** Training defaults: the trainer's own (trust policy sized from the step, DESIGN.md 1.1). */
export const DEFAULT_TRAINING: TrainingConfig = DEFAULT_TRAIN_SETTINGS;

/** Sampler default: local simulated annealing with its own parameter defaults. */
export const DEFAULT_SAMPLER: SamplerConfig = { name: "sa", params: {} };

/** SGD baseline defaults (DESIGN.md 1.1: 20 epochs, lr 0.1, batch 128). */
export const DEFAULT_SGD: SgdConfig = { epochs: 20, learningRate: 0.1, batchSize: 128, seed: 0 };

/** Exact softmax-regression baseline defaults. */
export const DEFAULT_EXACT: ExactConfig = { maxIterations: 200, tolerance: 1e-9 };
