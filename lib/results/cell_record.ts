/**
 * DIR/cells/<slug>.json: everything the report draws for one cell (its summary line, every
 * iteration, the confusion matrix, the weights, the annealer trace, the D-Wave problems). The
 * schema is the one source of the format: the runner writes `CellRecord`, the report reads the
 * file through `cellRecordSchema`. DIR/cells/<slug>.qubo.f64 (only with `run --save-qubos`;
 * otherwise it stays in the cache, by `quboSample.cacheKey`) holds one QUBO matrix, raw
 * little-endian Float64, n x n, named by `quboSample.file`.
 *
 * The public interfaces below are what the schemas parse, checked identical at compile time
 * (lib/results/json_file.ts Identical): a field added to one and not the other fails
 * `deno check`. (They are spelled out because the public API may not name zod's types.)
 */
import { z } from "zod";
import { type Identical, jsonNumber, type ResultOf } from "./json_file.ts";
import { type CellSummary, cellSummarySchema } from "./summary.ts";

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

/** One outer iteration of the QUBO training loop (see the schema). */
export interface IterationRecord {
  /** 1-based iteration number; iteration 0 is the starting point W = 0. */
  readonly iteration: number;
  /** Softmax cross-entropy on the training set after this iteration. */
  readonly crossEntropy: number;
  /** Accuracy on the training set after this iteration (0..1). */
  readonly trainAccuracy: number;
  /** Accuracy on the test set after this iteration (0..1). */
  readonly testAccuracy: number;
  /** Sum over classes of the surrogate value of the kept step (<= 0: it never increases). */
  readonly surrogate: number;
  /** Sum over classes of the surrogate value at the continuous minimiser (the best possible). */
  readonly surrogateContinuous: number;
  /** Mean solve quality of this iteration's class QUBOs. */
  readonly solveQuality: number;
  /** Classes whose solve lowered the surrogate and was kept. */
  readonly accepted: number;
  /** Curvature scale eta of this iteration's surrogate. */
  readonly eta?: number;
  /** True when the iteration raised the training loss and was undone (adaptive eta). */
  readonly rejected?: boolean;
  /** Wall-clock seconds of this iteration. */
  readonly seconds: number;
}

/** Where one class QUBO of one iteration is cached (export it with `qubo export KEY`). */
export const quboKeySchema = z.object({
  /** 1-based iteration number. */
  iteration: z.number(),
  /** Class the QUBO belongs to (0-based). */
  classIndex: z.number().int().nonnegative(),
  /** The cache key of the class QUBO stage. */
  key: z.string(),
});

/** Where one class QUBO of one iteration is cached (see the schema). */
export interface QuboKey {
  /** 1-based iteration number; iteration 0 is the starting point W = 0. */
  readonly iteration: number;
  /** Class the QUBO belongs to (0-based). */
  readonly classIndex: number;
  /** The cache key of the class QUBO stage. */
  readonly key: string;
}

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

/** Annealer trace of one iteration's class QUBOs (see the schema). */
export interface AnnealRecord {
  /** 1-based iteration number; iteration 0 is the starting point W = 0. */
  readonly iteration: number;
  /** Sampler name. */
  readonly sampler: string;
  /** The [hot, cold] beta range used, where the sampler anneals. */
  readonly betaRange?: readonly [number, number];
  /** The beta schedule used, at most ~200 points (sampled evenly from the sweeps). */
  readonly betaSchedule?: readonly number[];
  /** One trace per class QUBO. */
  readonly classes: readonly {
    /** Class the QUBO belongs to (0-based). */
    readonly classIndex: number;
    /** Energy of every read, in QUBO units (offset included). */
    readonly energies: readonly number[];
    /** Energy of "do not move" (the current weights). */
    readonly stayEnergy: number;
    /** Energy of the continuous optimum. */
    readonly continuousEnergy: number;
  }[];
}

/** Energy per sweep of read 0 of one traced class solve (sampler param traceEnergy). */
export const energyTraceRecordSchema = z.object({
  /** 1-based iteration number. */
  iteration: z.number(),
  /** Class the QUBO belongs to (0-based). */
  classIndex: z.number().int().nonnegative(),
  /** Sweeps done at each point (0: the start state), at most 200 points. */
  sweeps: z.array(jsonNumber),
  /** Energy after those sweeps, in QUBO units. */
  energies: z.array(jsonNumber),
  /** Energy of "do not move" (the current weights, read 0's start). */
  stayEnergy: jsonNumber,
  /** Energy of the continuous optimum of the surrogate. */
  continuousEnergy: jsonNumber,
});

/** Energy per sweep of read 0 of one traced class solve (see the schema). */
export interface EnergyTraceRecord {
  /** 1-based iteration number. */
  readonly iteration: number;
  /** Class the QUBO belongs to (0-based). */
  readonly classIndex: number;
  /** Sweeps done at each point (0: the start state), at most 200 points. */
  readonly sweeps: readonly number[];
  /** Energy after those sweeps, in QUBO units. */
  readonly energies: readonly number[];
  /** Energy of "do not move" (the current weights, read 0's start). */
  readonly stayEnergy: number;
  /** Energy of the continuous optimum of the surrogate. */
  readonly continuousEnergy: number;
}

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
  /** The problem's SAPI label (qubo-cnn:<uuid>, after the user's own label if any). */
  label: z.string().optional(),
  /** SAPI's answer to the submission was lost and the problem it already held was used. */
  adopted: z.boolean().optional(),
  /** Seconds: total (this client), sapiWait, and what SAPI reported (qpuAccess, run, ...). */
  timing: z.record(z.string(), jsonNumber),
  /** dwave-qpu: fraction of broken chains over the problem's reads. */
  chainBreakFraction: jsonNumber.optional(),
});

/** One SAPI problem that answered a class QUBO of a D-Wave cell (see the schema). */
export interface RemoteProblem {
  /** 1-based iteration number; iteration 0 is the starting point W = 0. */
  readonly iteration: number;
  /** Class the QUBO belongs to (0-based). */
  readonly classIndex: number;
  /** SAPI problem id. */
  readonly problemId: string;
  /** Name of the solver that answered. */
  readonly solver: string;
  /** The answer was fetched by resuming a journaled problem of an interrupted run. */
  readonly resumed: boolean;
  /** The problem's SAPI label (qubo-cnn:<uuid>, after the user's own label if any). */
  readonly label?: string;
  /** SAPI's answer to the submission was lost and the problem it already held was used. */
  readonly adopted?: boolean;
  /** Seconds: total (this client), sapiWait, and what SAPI reported (qpuAccess, run, ...). */
  readonly timing: { readonly [entry: string]: number };
  /** dwave-qpu: fraction of broken chains over the problem's reads. */
  readonly chainBreakFraction?: number;
}

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

/** Where the answers of a D-Wave cell came from and what SAPI reported (see the schema). */
export interface RemoteRecord {
  /** Solver names, in order of first use. */
  readonly solvers: readonly string[];
  /** Every class solve of the cell, by iteration then class. */
  readonly problems: readonly RemoteProblem[];
  /** Seconds: total (this client), sapiWait, and what SAPI reported (qpuAccess, run, ...). */
  readonly timing: { readonly [entry: string]: number };
  /** dwave-qpu: fraction of broken chains over the problem's reads. */
  readonly chainBreakFraction?: number;
  /** The answer was fetched by resuming a journaled problem of an interrupted run. */
  readonly resumed: number;
}

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
  /** Energy per sweep of a few solves over the iterations (opt-in: sampler traceEnergy). */
  energyTraces: z.array(energyTraceRecordSchema).optional(),
  /** One class QUBO kept for the heat map: variables bit-plane major, index = k*(d+1)+j. */
  quboSample: z.object({
    file: z.string().optional(),
    cacheKey: z.string().optional(),
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

/** DIR/cells/<slug>.json (see the schema). */
export interface CellRecord {
  /** The cell's line of summary.json. */
  readonly summary: CellSummary;
  /** Class names, indexed by label. */
  readonly classNames: readonly string[];
  /** Shape of the pooled feature map, so weights can be drawn as images: d = filters*h*w. */
  readonly featureGrid: {
    /** Random filters of the convolution. */
    readonly filters: number;
    /** Pooled feature map height. */
    readonly height: number;
    /** Pooled feature map width. */
    readonly width: number;
  };
  /** Every outer iteration, in order. */
  readonly iterations: readonly IterationRecord[];
  /** Test-set confusion matrix: confusion[true][predicted]. */
  readonly confusion: readonly (readonly number[])[];
  /** Final weights, (d+1) rows (features, then bias) x C columns. */
  readonly weights: readonly (readonly number[])[];
  /** Seconds per stage (features, gram, qubo, solve, evaluate...). */
  readonly stageSeconds: { readonly [stage: string]: number };
  /** Annealer trace of the first iteration (annealing samplers). */
  readonly anneal?: AnnealRecord;
  /** Energy per sweep of a few solves over the iterations (opt-in: sampler traceEnergy). */
  readonly energyTraces?: readonly EnergyTraceRecord[];
  /** One class QUBO kept for the heat map: variables bit-plane major, index = k*(d+1)+j. */
  readonly quboSample?: {
    /** The raw matrix, relative to the results directory (only with `run --save-qubos`). */
    readonly file?: string;
    /** Its cache entry (stage qubo-sample), where it is found without the file. */
    readonly cacheKey?: string;
    /** Variables of the QUBO (n = (d+1)K). */
    readonly n: number;
    /** K, bits per weight. */
    readonly bits: number;
    /** Class the QUBO belongs to (0-based). */
    readonly classIndex: number;
    /** 1-based iteration number; iteration 0 is the starting point W = 0. */
    readonly iteration: number;
  };
  /** D-Wave cells only: problem ids, solver and SAPI timing of every class solve. */
  readonly remote?: RemoteRecord;
  /** Cache keys of every class QUBO the cell solved, by iteration and class. */
  readonly qubos?: readonly QuboKey[];
  /** Sampler name. */
  readonly sampler?: { readonly name: string; readonly params: { readonly [k: string]: unknown } };
}

// Compile-time checks only: each interface is exactly what its schema parses.
void [
  true satisfies Identical<IterationRecord, ResultOf<typeof iterationRecordSchema>>,
  true satisfies Identical<QuboKey, ResultOf<typeof quboKeySchema>>,
  true satisfies Identical<AnnealRecord, ResultOf<typeof annealRecordSchema>>,
  true satisfies Identical<EnergyTraceRecord, ResultOf<typeof energyTraceRecordSchema>>,
  true satisfies Identical<RemoteProblem, ResultOf<typeof remoteProblemSchema>>,
  true satisfies Identical<RemoteRecord, ResultOf<typeof remoteRecordSchema>>,
  true satisfies Identical<CellRecord, ResultOf<typeof cellRecordSchema>>,
];

/** File-name-safe form of a cell id: "digits/seed=1/K=10/sa" -> "digits_seed-1_K-10_sa". */
export function cellSlug(id: string): string {
  return id.replace(/=/g, "-").replace(/[^A-Za-z0-9._-]+/g, "_");
}
