/**
 * DIR/summary.json: one line per cell and per baseline, the stable interface for other tools.
 * The schema is the one source of the format: the runner writes `RunSummary`, every reader
 * checks the file against `runSummarySchema`. Fields added after the first version are
 * optional, so older files still read; `format` says which version wrote the file (absent: 1),
 * and a file of a newer format is refused rather than misread.
 *
 * The public interfaces below are what the schemas parse, checked identical at compile time
 * (lib/results/json_file.ts Identical): a field added to one and not the other fails
 * `deno check`. (They are spelled out because the public API may not name zod's types.)
 */
import { z } from "zod";
import { type Identical, jsonNumber, type ResultOf } from "./json_file.ts";

/** The summary.json format this code writes and reads. */
export const SUMMARY_FORMAT = 1;

/** One trained QUBO head: a (dataset, seed, bits, sampler, ...) cell of the sweep. */
export const cellSummarySchema = z.object({
  /** Readable id, e.g. "digits/seed=1/K=10/sa"; unique within a run. */
  id: z.string(),
  /** Dataset label (cell_id's datasetLabel: name, plus split or subsample where set). */
  dataset: z.string(),
  /** Filter seed of the random convolution. */
  seed: z.number(),
  /** K, bits per weight. */
  bits: z.number().int().positive(),
  /** Sampler name ("sa", "exact", "dwave-hybrid", "dwave-qpu"). */
  sampler: z.string(),
  /** n = (d+1)K binary variables per class QUBO. */
  variables: jsonNumber,
  /** Couplers of one class QUBO: n(n-1)/2 when dense. */
  couplers: jsonNumber,
  /** Box policy of the training loop. */
  policy: z.enum(["trust", "fixed"]),
  /** Final accuracy on the training set (0..1). */
  trainAccuracy: jsonNumber,
  /** Final accuracy on the test set (0..1). */
  testAccuracy: jsonNumber,
  /** Mean over every QUBO solved of (surrogate decrease reached) / (continuous decrease). */
  solveQuality: jsonNumber,
  /** Wall-clock seconds for this cell (stage work only; cache hits cost ~0). */
  seconds: jsonNumber,
  /** Outer iterations run. */
  iterations: z.number().int().nonnegative().optional(),
  /** Class QUBOs solved over the whole loop. */
  qubos: z.number().int().nonnegative().optional(),
  /** True when the trained head was read from the cache. */
  cached: z.boolean().optional(),
  /** Seconds per stage (features, gram, qubo, solve, evaluate...); 0 for a cache hit. */
  stageSeconds: z.record(z.string(), jsonNumber).optional(),
  /** The [hot, cold] beta range of the first iteration, where the sampler anneals. */
  betaRange: z.tuple([jsonNumber, jsonNumber]).optional(),
  /**
   * Seconds the QUBO training loop took when it was computed (also for a cell read from the
   * cache).
   */
  trainingSeconds: jsonNumber.optional(),
  /**
   * trainingSeconds over the SGD baseline's seconds on the same features (same dataset, filter
   * seed and ridge); absent without an SGD baseline.
   */
  sgdTimeRatio: jsonNumber.optional(),
  /** D-Wave cells only: the solver that answered (several joined by ", "). */
  solver: z.string().optional(),
  /** D-Wave cells only: SAPI problems whose answers the cell used (ids in the cell record). */
  problems: z.number().int().nonnegative().optional(),
  /** D-Wave cells only: QPU access time charged, summed over the cell's problems (seconds). */
  qpuAccessSeconds: jsonNumber.optional(),
  /** dwave-qpu cells only: chain-break fraction, averaged over the cell's problems. */
  chainBreakFraction: jsonNumber.optional(),
});

/** One trained QUBO head: a cell of the sweep, as summary.json lists it (see the schema). */
export interface CellSummary {
  /** Readable id, e.g. "digits/seed=1/K=10/sa"; unique within a run. */
  readonly id: string;
  /** Dataset label (cell_id's datasetLabel: name, plus split or subsample where set). */
  readonly dataset: string;
  /** Filter seed of the random convolution. */
  readonly seed: number;
  /** K, bits per weight. */
  readonly bits: number;
  /** Sampler name ("sa", "exact", "dwave-hybrid", "dwave-qpu"). */
  readonly sampler: string;
  /** n = (d+1)K binary variables per class QUBO. */
  readonly variables: number;
  /** Couplers of one class QUBO: n(n-1)/2 when dense. */
  readonly couplers: number;
  /** Box policy of the training loop. */
  readonly policy: "trust" | "fixed";
  /** Final accuracy on the training set (0..1). */
  readonly trainAccuracy: number;
  /** Final accuracy on the test set (0..1). */
  readonly testAccuracy: number;
  /** Mean over every QUBO solved of (surrogate decrease reached) / (continuous decrease). */
  readonly solveQuality: number;
  /** Wall-clock seconds for this cell (stage work only; cache hits cost ~0). */
  readonly seconds: number;
  /** Outer iterations run. */
  readonly iterations?: number;
  /** Class QUBOs solved over the whole loop. */
  readonly qubos?: number;
  /** True when the trained head was read from the cache. */
  readonly cached?: boolean;
  /** Seconds per stage (features, gram, qubo, solve, evaluate...); 0 for a cache hit. */
  readonly stageSeconds?: { readonly [stage: string]: number };
  /** The [hot, cold] beta range of the first iteration, where the sampler anneals. */
  readonly betaRange?: readonly [number, number];
  /**
   * Seconds the QUBO training loop took when it was computed (also for a cell read from the
   * cache).
   */
  readonly trainingSeconds?: number;
  /**
   * trainingSeconds over the SGD baseline's seconds on the same features (same dataset, filter
   * seed and ridge); absent without an SGD baseline.
   */
  readonly sgdTimeRatio?: number;
  /** D-Wave cells only: the solver that answered (several joined by ", "). */
  readonly solver?: string;
  /** D-Wave cells only: SAPI problems whose answers the cell used (ids in the cell record). */
  readonly problems?: number;
  /** D-Wave cells only: QPU access time charged, summed over the cell's problems (seconds). */
  readonly qpuAccessSeconds?: number;
  /** dwave-qpu cells only: chain-break fraction, averaged over the cell's problems. */
  readonly chainBreakFraction?: number;
}

/** A classical baseline on the same frozen features. */
export const baselineSummarySchema = z.object({
  /** Dataset label, as in the cells. */
  dataset: z.string(),
  /** Filter seed of the random convolution (the features it was fitted on). */
  seed: z.number(),
  /** Which baseline: mini-batch SGD or the exact softmax optimum. */
  method: z.enum(["sgd", "exact"]),
  /** Accuracy on the training set (0..1). */
  trainAccuracy: jsonNumber,
  /** Accuracy on the test set (0..1). */
  testAccuracy: jsonNumber,
  /** Mean cross-entropy on the training set at the fitted weights. */
  crossEntropy: jsonNumber.optional(),
  /** Epochs (SGD) or L-BFGS iterations (exact). */
  iterations: z.number().optional(),
  /** Whether the exact fit met its tolerance (SGD: always true). */
  converged: z.boolean().optional(),
  /** Seconds the fit took when it was computed. */
  seconds: jsonNumber.optional(),
  /** Ridge penalty of the fit (the cells' training.ridge). */
  ridge: z.number().optional(),
  /** Ids of the cells trained on the same features and ridge (absent in older runs). */
  cells: z.array(z.string()).optional(),
});

/** A classical baseline on the same frozen features (see the schema). */
export interface BaselineSummary {
  /** Dataset label (cell_id's datasetLabel: name, plus split or subsample where set). */
  readonly dataset: string;
  /** Filter seed of the random convolution. */
  readonly seed: number;
  /** Which baseline: mini-batch SGD or the exact softmax optimum. */
  readonly method: "sgd" | "exact";
  /** Final accuracy on the training set (0..1). */
  readonly trainAccuracy: number;
  /** Final accuracy on the test set (0..1). */
  readonly testAccuracy: number;
  /** Mean cross-entropy on the training set at the fitted weights. */
  readonly crossEntropy?: number;
  /** Outer iterations run. */
  readonly iterations?: number;
  /** Whether the exact fit met its tolerance (SGD: always true). */
  readonly converged?: boolean;
  /** Wall-clock seconds for this cell (stage work only; cache hits cost ~0). */
  readonly seconds?: number;
  /** Ridge penalty of the fit (the cells' training.ridge). */
  readonly ridge?: number;
  /** Ids of the cells trained on the same features and ridge (absent in older runs). */
  readonly cells?: readonly string[];
}

/** DIR/summary.json. */
export const runSummarySchema = z.object({
  /** Format version of the file (absent in files of format 1); newer formats are refused. */
  format: z.number().int().positive().max(SUMMARY_FORMAT, {
    error: `written by a newer qubo-cnn (this one reads format ${SUMMARY_FORMAT}); ` +
      "update qubo-cnn to read it",
  }).optional(),
  /** Pipeline name (from the YAML `name`, else the file's base name). */
  pipeline: z.string(),
  /** When the run finished writing its results (ISO 8601). */
  createdAt: z.string().optional(),
  /** Wall-clock seconds of the whole run. */
  seconds: jsonNumber.optional(),
  /** One entry per cell, in grid order. */
  cells: z.array(cellSummarySchema),
  /** One entry per baseline fitted. */
  baselines: z.array(baselineSummarySchema),
  /** Cache hits and misses per stage. */
  cache: z.record(z.string(), z.object({ hits: z.number(), misses: z.number() })).optional(),
  /**
   * Cells that failed, with their error: a run with --keep-going lists every one; a run that
   * stopped at its first failure lists that one and summarises the cells finished before.
   */
  failed: z.array(z.object({ id: z.string(), error: z.string() })).optional(),
});

/** DIR/summary.json (see the schema). */
export interface RunSummary {
  /** Format version of the file (absent in files of format 1); newer formats are refused. */
  readonly format?: number;
  /** Pipeline name (from the YAML `name`, else the file's base name). */
  readonly pipeline: string;
  /** When the run finished writing its results (ISO 8601). */
  readonly createdAt?: string;
  /** Wall-clock seconds for this cell (stage work only; cache hits cost ~0). */
  readonly seconds?: number;
  /** Ids of the cells trained on the same features and ridge (absent in older runs). */
  readonly cells: readonly CellSummary[];
  /** One entry per baseline fitted. */
  readonly baselines: readonly BaselineSummary[];
  /** Cache hits and misses per stage. */
  readonly cache?: {
    readonly [stage: string]: { readonly hits: number; readonly misses: number };
  };
  /**
   * Cells that failed, with their error: a run with --keep-going lists every one; a run that
   * stopped at its first failure lists that one and summarises the cells finished before.
   */
  readonly failed?: readonly { readonly id: string; readonly error: string }[];
}

// Compile-time checks only: each interface is exactly what its schema parses.
void [
  true satisfies Identical<CellSummary, ResultOf<typeof cellSummarySchema>>,
  true satisfies Identical<BaselineSummary, ResultOf<typeof baselineSummarySchema>>,
  true satisfies Identical<RunSummary, ResultOf<typeof runSummarySchema>>,
];
