/**
 * DIR/cells/<slug>.json: everything the report draws for one cell (its summary line, every
 * iteration, the confusion matrix, the weights, the annealer trace, the D-Wave problems). The
 * schema is the one source of the format: the runner writes `CellRecord`, the report reads the
 * file through `cellRecordSchema`. DIR/cells/<slug>.qubo.f64 (optional) holds one QUBO matrix,
 * raw little-endian Float64, n x n, named by `quboSample.file`.
 */
import { z } from "zod";
import { jsonNumber, type ResultOf } from "./json_file.ts";
import { cellSummarySchema } from "./summary.ts";

/** One outer iteration of the QUBO training loop. */
export const iterationRecordSchema = z.object({
  /** 1-based iteration number; iteration 0 is the starting point W = 0. */
  iteration: z.number(),
  /** Softmax cross-entropy on the training set after this iteration. */
  crossEntropy: jsonNumber,
  /** Accuracy on the training set after this iteration (0..1). */
  trainAccuracy: jsonNumber,
  /** Accuracy on the test set after this iteration (0..1). */
  testAccuracy: jsonNumber,
  /** Sum over classes of the surrogate value of the kept step (<= 0: it never increases). */
  surrogate: jsonNumber,
  /** Sum over classes of the surrogate value at the continuous minimiser (the best possible). */
  surrogateContinuous: jsonNumber,
  /** Mean solve quality of this iteration's class QUBOs. */
  solveQuality: jsonNumber,
  /** Classes whose solve lowered the surrogate and was kept. */
  accepted: jsonNumber,
  /** Curvature scale eta of this iteration's surrogate. */
  eta: jsonNumber.optional(),
  /** True when the iteration raised the training loss and was undone (adaptive eta). */
  rejected: z.boolean().optional(),
  /** Wall-clock seconds of this iteration. */
  seconds: jsonNumber,
});

/** One outer iteration of the QUBO training loop. */
export type IterationRecord = ResultOf<typeof iterationRecordSchema>;

/** Where one class QUBO of one iteration is cached (export it with `qubo export KEY`). */
export const quboKeySchema = z.object({
  /** 1-based iteration number. */
  iteration: z.number(),
  /** Class the QUBO belongs to (0-based). */
  classIndex: z.number().int().nonnegative(),
  /** The cache key of the class QUBO stage. */
  key: z.string(),
});

/** Where one class QUBO of one iteration is cached. */
export type QuboKey = ResultOf<typeof quboKeySchema>;

/** Annealer trace of one iteration's class QUBOs (the report's energy figure). */
export const annealRecordSchema = z.object({
  /** 1-based iteration number. */
  iteration: z.number(),
  /** Sampler name. */
  sampler: z.string(),
  /** The [hot, cold] beta range used, where the sampler anneals. */
  betaRange: z.tuple([jsonNumber, jsonNumber]).optional(),
  /** The beta schedule used, at most ~200 points (sampled evenly from the sweeps). */
  betaSchedule: z.array(jsonNumber).optional(),
  /** One trace per class QUBO. */
  classes: z.array(z.object({
    classIndex: z.number().int().nonnegative(),
    /** Energy of every read, in QUBO units (offset included). */
    energies: z.array(jsonNumber),
    /** Energy of "do not move" (the current weights). */
    stayEnergy: jsonNumber,
    /** Energy of the continuous optimum. */
    continuousEnergy: jsonNumber,
  })),
});

/** Annealer trace of one iteration's class QUBOs. */
export type AnnealRecord = ResultOf<typeof annealRecordSchema>;

/** One SAPI problem that answered a class QUBO of a D-Wave cell. */
export const remoteProblemSchema = z.object({
  /** 1-based iteration number. */
  iteration: z.number(),
  /** Class the QUBO belongs to (0-based). */
  classIndex: z.number().int().nonnegative(),
  /** SAPI problem id. */
  problemId: z.string(),
  /** Name of the solver that answered. */
  solver: z.string(),
  /** The answer was fetched by resuming a journaled problem of an interrupted run. */
  resumed: z.boolean(),
  /** Seconds: total (this client), sapiWait, and what SAPI reported (qpuAccess, run, ...). */
  timing: z.record(z.string(), jsonNumber),
  /** dwave-qpu: fraction of broken chains over the problem's reads. */
  chainBreakFraction: jsonNumber.optional(),
});

/** One SAPI problem that answered a class QUBO of a D-Wave cell. */
export type RemoteProblem = ResultOf<typeof remoteProblemSchema>;

/** Where the answers of a D-Wave cell came from and what SAPI reported (never the token). */
export const remoteRecordSchema = z.object({
  /** Solver names, in order of first use. */
  solvers: z.array(z.string()),
  /** Every class solve of the cell, by iteration then class. */
  problems: z.array(remoteProblemSchema),
  /** Sums over the problems of each timing entry (seconds). */
  timing: z.record(z.string(), jsonNumber),
  /** dwave-qpu: mean chain-break fraction over the problems. */
  chainBreakFraction: jsonNumber.optional(),
  /** Problems resumed from the journal instead of submitted. */
  resumed: z.number().int().nonnegative(),
});

/** Where the answers of a D-Wave cell came from and what SAPI reported. */
export type RemoteRecord = ResultOf<typeof remoteRecordSchema>;

/** DIR/cells/<slug>.json. */
export const cellRecordSchema = z.object({
  /** The cell's line of summary.json. */
  summary: cellSummarySchema,
  /** Class names, indexed by label. */
  classNames: z.array(z.string()),
  /** Shape of the pooled feature map, so weights can be drawn as images: d = filters*h*w. */
  featureGrid: z.object({
    filters: z.number().int().positive(),
    height: z.number().int().positive(),
    width: z.number().int().positive(),
  }),
  /** Every outer iteration, in order. */
  iterations: z.array(iterationRecordSchema),
  /** Test-set confusion matrix: confusion[true][predicted]. */
  confusion: z.array(z.array(jsonNumber)),
  /** Final weights, (d+1) rows (features, then bias) x C columns. */
  weights: z.array(z.array(jsonNumber)),
  /** Seconds per stage (features, gram, qubo, solve, evaluate...). */
  stageSeconds: z.record(z.string(), jsonNumber),
  /** Annealer trace of the first iteration (annealing samplers). */
  anneal: annealRecordSchema.optional(),
  /** One class QUBO kept for the heat map: variables bit-plane major, index = k*(d+1)+j. */
  quboSample: z.object({
    file: z.string(),
    n: z.number().int().positive(),
    bits: z.number().int().positive(),
    classIndex: z.number().int().nonnegative(),
    iteration: z.number(),
  }).optional(),
  /** D-Wave cells only: problem ids, solver and SAPI timing of every class solve. */
  remote: remoteRecordSchema.optional(),
  /** Cache keys of every class QUBO the cell solved, by iteration and class. */
  qubos: z.array(quboKeySchema).optional(),
  /**
   * The sampler as it ran: the pipeline's parameters, every default the sampler declares, and
   * for values chosen per problem or solver, how they are chosen (registry resolvedParams).
   */
  sampler: z.object({ name: z.string(), params: z.record(z.string(), z.unknown()) }).optional(),
});

/** DIR/cells/<slug>.json. */
export type CellRecord = ResultOf<typeof cellRecordSchema>;

/** File-name-safe form of a cell id: "digits/seed=1/K=10/sa" -> "digits_seed-1_K-10_sa". */
export function cellSlug(id: string): string {
  return id.replace(/=/g, "-").replace(/[^A-Za-z0-9._-]+/g, "_");
}
