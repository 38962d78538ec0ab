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
