/**
 * The files a run writes into its results directory: the contract between the runner
 * (which writes them) and the reports and other tools (which only read them).
 *
 *   DIR/summary.json          RunSummary: the stable interface for other tools
 *   DIR/manifest.json         RunManifest: pipeline hash, expanded cells, cache keys, versions
 *   DIR/cells/<slug>.json     CellRecord: everything the report draws for one cell
 *   DIR/cells/<slug>.qubo.f64 with `run --save-qubos`: one QUBO matrix, raw little-endian
 *                             Float64, n x n (otherwise it stays in the cache, by key)
 *   DIR/figures/*.svg, DIR/index.html   the report
 */

/** One trained QUBO head: a (dataset, seed, bits, sampler, ...) cell of the sweep. */
export interface CellSummary {
  /** Readable id, e.g. "digits/seed=1/K=10/sa"; unique within a run. */
  readonly id: string;
  /** Catalogue name of the dataset. */
  readonly dataset: string;
  /** Filter seed of the random convolution. */
  readonly seed: number;
  /** K, bits per weight. */
  readonly bits: number;
  /** Sampler name ("sa", "exact", "dwave-hybrid", "dwave-qpu"). */
  readonly sampler: string;
  /** n = (d+1)K binary variables per class QUBO. */
  readonly variables: number;
  /** Couplers of one dense class QUBO: n(n-1)/2 when dense. */
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
  /** D-Wave cells only: the solver that answered (several joined by ", "). */
  readonly solver?: string;
  /** D-Wave cells only: SAPI problems whose answers the cell used (ids in the cell record). */
  readonly problems?: number;
  /** D-Wave cells only: QPU access time charged, summed over the cell's problems (seconds). */
  readonly qpuAccessSeconds?: number;
  /** dwave-qpu cells only: chain-break fraction, averaged over the cell's problems. */
  readonly chainBreakFraction?: number;
  /**
   * Seconds the QUBO training loop took when it was computed (also for a cell read from the
   * cache), and that time over the SGD baseline's on the same features (same dataset, filter
   * seed and ridge); absent without an SGD baseline.
   */
  readonly trainingSeconds?: number;
  /** trainingSeconds over the SGD baseline's seconds (see trainingSeconds). */
  readonly sgdTimeRatio?: number;
  /** Fields added by later versions; readers ignore what they do not know. */
  readonly [extra: string]: unknown;
}

/** A classical baseline on the same frozen features. */
export interface BaselineSummary {
  /** Catalogue name of the dataset. */
  readonly dataset: string;
  /** Filter seed of the random convolution (the features it was fitted on). */
  readonly seed: number;
  /** Which baseline: mini-batch SGD or the exact softmax optimum. */
  readonly method: "sgd" | "exact";
  /** Accuracy on the training set (0..1). */
  readonly trainAccuracy: number;
  /** Accuracy on the test set (0..1). */
  readonly testAccuracy: number;
  /** Ids of the cells trained on the same features and ridge (absent in older runs). */
  readonly cells?: readonly string[];
  /** Fields added by later versions; readers ignore what they do not know. */
  readonly [extra: string]: unknown;
}

/** DIR/summary.json. */
export interface RunSummary {
  /** Pipeline name (from the YAML `name`, else the file's base name). */
  readonly pipeline: string;
  /** One entry per cell, in grid order. */
  readonly cells: readonly CellSummary[];
  /** One entry per baseline fitted. */
  readonly baselines: readonly BaselineSummary[];
  /** Cache hits and misses per stage (issue 3). */
  readonly cache?: Record<string, { readonly hits: number; readonly misses: number }>;
  /**
   * Cells that failed, with their error: a run with --keep-going lists every one; a run that
   * stopped at its first failure lists that one and summarises the cells finished before.
   */
  readonly failed?: readonly { readonly id: string; readonly error: string }[];
  /** Fields added by later versions; readers ignore what they do not know. */
  readonly [extra: string]: unknown;
}

/** One outer iteration of the QUBO training loop. */
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
export interface QuboKey {
  /** 1-based iteration number. */
  readonly iteration: number;
  /** Class the QUBO belongs to (0-based). */
  readonly classIndex: number;
  /** The cache key of the class QUBO stage. */
  readonly key: string;
}

/** Annealer trace of one iteration's class QUBOs (the report's energy figure). */
export interface AnnealRecord {
  /** 1-based iteration number. */
  readonly iteration: number;
  /** Sampler name. */
  readonly sampler: string;
  /** The [hot, cold] beta range used, where the sampler anneals. */
  readonly betaRange?: readonly [number, number];
  /** The beta schedule used, at most ~200 points (sampled evenly from the sweeps). */
  readonly betaSchedule?: readonly number[];
  /** One trace per class QUBO. */
  readonly classes: readonly {
    readonly classIndex: number;
    /** Energy of every read, in QUBO units (offset included). */
    readonly energies: readonly number[];
    /** Energy of "do not move" (the current weights) and of the continuous optimum. */
    readonly stayEnergy: number;
    readonly continuousEnergy: number;
  }[];
}

/** Energy per sweep of read 0 of one traced class solve (sampler param traceEnergy). */
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
  /** Energy of the continuous optimum of the surrogate (the best any grid point can approach). */
  readonly continuousEnergy: number;
}

/** One SAPI problem that answered a class QUBO of a D-Wave cell. */
export interface RemoteProblem {
  /** 1-based iteration number. */
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
  readonly timing: Record<string, number>;
  /** dwave-qpu: fraction of broken chains over the problem's reads. */
  readonly chainBreakFraction?: number;
}

/** Where the answers of a D-Wave cell came from and what SAPI reported (never the token). */
export interface RemoteRecord {
  /** Solver names, in order of first use. */
  readonly solvers: readonly string[];
  /** Every class solve of the cell, by iteration then class. */
  readonly problems: readonly RemoteProblem[];
  /** Sums over the problems of each timing entry (seconds). */
  readonly timing: Record<string, number>;
  /** dwave-qpu: mean chain-break fraction over the problems. */
  readonly chainBreakFraction?: number;
  /** Problems resumed from the journal instead of submitted. */
  readonly resumed: number;
}

/** DIR/cells/<slug>.json. */
export interface CellRecord {
  /** The cell's line of summary.json. */
  readonly summary: CellSummary;
  /** Class names, indexed by label. */
  readonly classNames: readonly string[];
  /** Shape of the pooled feature map, so weights can be drawn as images: d = filters*h*w. */
  readonly featureGrid: {
    readonly filters: number;
    readonly height: number;
    readonly width: number;
  };
  /** Every outer iteration, in order. */
  readonly iterations: readonly IterationRecord[];
  /** Test-set confusion matrix: confusion[true][predicted]. */
  readonly confusion: readonly (readonly number[])[];
  /** Final weights, (d+1) rows (features, then bias) x C columns. */
  readonly weights: readonly (readonly number[])[];
  /** Seconds per stage (features, gram, qubo, solve, evaluate...). */
  readonly stageSeconds: Record<string, number>;
  /** Annealer trace of the first iteration (annealing samplers). */
  readonly anneal?: AnnealRecord;
  /** Energy per sweep of a few solves over the iterations (opt-in: sampler traceEnergy). */
  readonly energyTraces?: readonly EnergyTraceRecord[];
  /** One class QUBO kept for the heat map: variables are ordered bit-plane major, index = k*(d+1)+j. */
  readonly quboSample?: {
    /** The raw matrix in the results folder (only with `run --save-qubos`). */
    readonly file?: string;
    /** Its cache entry (stage qubo-sample), where it is found without the file. */
    readonly cacheKey?: string;
    readonly n: number;
    readonly bits: number;
    readonly classIndex: number;
    readonly iteration: number;
  };
  /** D-Wave cells only: problem ids, solver and SAPI timing of every class solve. */
  readonly remote?: RemoteRecord;
  /** Cache keys of every class QUBO the cell solved, by iteration and class. */
  readonly qubos?: readonly QuboKey[];
  /**
   * The sampler as it ran: the pipeline's parameters, every default the sampler declares, and
   * for values chosen per problem or solver, how they are chosen (registry resolvedParams).
   */
  readonly sampler?: { readonly name: string; readonly params: Record<string, unknown> };
}

/** File-name-safe form of a cell id: "digits/seed=1/K=10/sa" -> "digits_seed-1_K-10_sa". */
export function cellSlug(id: string): string {
  return id.replace(/=/g, "-").replace(/[^A-Za-z0-9._-]+/g, "_");
}
