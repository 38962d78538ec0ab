/**
 * The local simulated-annealing sampler "sa", after D-Wave's neal (dwave-samplers
 * SimulatedAnnealingSampler): parameters, beta schedule, initial states and the read loop around
 * the kernel in anneal.ts. `anneal()` is the synchronous entry (for Web Workers); `SaSampler`
 * implements the async Sampler contract on the same code and yields between reads so an
 * AbortSignal can stop it.
 */
import { UserError } from "../lib/errors.ts";
import type { ProgressFn } from "../lib/progress.ts";
import type { Qubo } from "../lib/qubo.ts";
import {
  isStructured,
  problemEnergy,
  type QuboProblem,
  type StructuredQubo,
  structuredToDense,
} from "../lib/structured_qubo.ts";
import { annealRead, type AnnealWork, makeAnnealWork, type Proposal } from "./anneal.ts";
import {
  annealStructuredRead,
  makeStructuredWork,
  type MoveSet,
  type StructuredWork,
} from "./anneal_structured.ts";
import {
  type BetaRange,
  type BetaRangeRule,
  DEFAULT_BETA_RANGE_RULE,
  defaultBetaRange,
  structuredBetaRange,
} from "./beta_range.ts";
import { type BetaScheduleType, interpolateSchedule, thinSchedule } from "./beta_schedule.ts";
import {
  denseWorkEnergy,
  EnergyRecorder,
  type EnergyTrace,
  structuredWorkEnergy,
} from "./energy_trace.ts";
import {
  bitsParam,
  boolParam,
  checkKnownParams,
  checkQubo,
  checkStructuredQubo,
  enumParam,
  intParam,
  numberListParam,
  paramError,
  type RawParams,
} from "./params.ts";
import { fillRandomBits, MAX_SEED, randomSeed, seedState } from "./rng.ts";
import type { SamplerParamSpec } from "./param_spec.ts";
import type { SampleInfo, Sampler, SampleSet } from "./sampler.ts";

const NAME = "sa";

/** How reads without a given initial state start (neal's initial_states_generator). */
export type InitialStatesGenerator = "tile" | "random" | "none";

/** Parameters of the "sa" sampler; all optional. Names follow neal's, in camelCase. */
export interface SaParams {
  /** Independent anneals (default 10, or the number of initialStates when only they are given). */
  numReads?: number;
  /** Sweeps per read (default 1000); 0 returns the initial states. */
  numSweeps?: number;
  /** Sweeps at each beta (default 1); numSweeps must be a multiple of it. */
  numSweepsPerBeta?: number;
  /** "geometric" (default), "linear", or "custom" (then betaSchedule is required). */
  betaScheduleType?: BetaScheduleType;
  /** The betas of a custom schedule (non-negative), one per numSweepsPerBeta sweeps. */
  betaSchedule?: readonly number[] | Float64Array;
  /** [hot, cold] with 0 < hot < cold; absent: chosen by betaRangeRule. */
  betaRange?: readonly [number, number];
  /** Rule for the beta range when betaRange is absent: "typical-flip" (default) or "neal". */
  betaRangeRule?: BetaRangeRule;
  /** uint32 seed; absent: drawn at random and reported in info.seed. */
  seed?: number;
  /** Initial bits, m x n row-major (0/1) with m >= 1; m = 1 is broadcast to every read. */
  initialStates?: Uint8Array | readonly number[];
  /** Reads beyond the m given states: "tile" (default, cycle them), "random", "none" (error). */
  initialStatesGenerator?: InitialStatesGenerator;
  /** Visit n random variables per sweep instead of 0..n-1 (neal's randomize_order). */
  randomizeOrder?: boolean;
  /** "metropolis" (default) or "gibbs" (neal's proposal_acceptance_criteria). */
  proposalAcceptanceCriteria?: Proposal;
  /**
   * "auto" (default): the structured kernel for a structured problem, the dense one otherwise;
   * "dense" forces the dense kernel (a structured problem is expanded first); "structured"
   * requires a structured problem. Both kernels run the same chain.
   */
  kernel?: KernelChoice;
  /**
   * "bit" (default): single-bit flips, the QUBO's own chain; "level": after every sweep, one
   * move per weight that changes its integer level by +-2^u with carries (structured only).
   */
  moves?: MoveSet;
  /**
   * Record the energy of read 0 after every sweep (info.energyTrace, at most 200 points). It
   * reads the state without changing it: the samples are the same as without it.
   */
  traceEnergy?: boolean;
}

/** Which kernel anneals: see {@link SaParams.kernel}. */
export type KernelChoice = "auto" | "dense" | "structured";

const SEED: SamplerParamSpec = {
  name: "seed",
  type: "integer",
  min: 0,
  max: MAX_SEED,
  computed: "in a pipeline: 0, mixed with the iteration and class per solve; alone: random",
  description: "uint32 seed; the same seed and parameters give the same samples.",
};

/** The parameters of "sa" as the sampler registry shows them (types, defaults, meaning). */
export const SA_PARAMS: readonly SamplerParamSpec[] = [
  {
    name: "numReads",
    type: "integer",
    min: 1,
    max: 1_000_000,
    default: 10,
    description:
      "Independent anneals (a pipeline defaults to 1, started from the current weights).",
  },
  {
    name: "numSweeps",
    type: "integer",
    min: 1,
    max: 1_000_000_000,
    default: 1000,
    description: "Sweeps per read (one attempted flip per variable each).",
  },
  {
    name: "numSweepsPerBeta",
    type: "integer",
    min: 1,
    max: 1_000_000_000,
    default: 1,
    description: "Sweeps at each beta; numSweeps must be a multiple of it.",
  },
  {
    name: "betaScheduleType",
    type: "enum",
    values: ["geometric", "linear", "custom"],
    default: "geometric",
    description: "Interpolation between the hot and cold beta; custom takes betaSchedule.",
  },
  {
    name: "betaSchedule",
    type: "number-list",
    min: 0,
    description: "The betas of a custom schedule, one per numSweepsPerBeta sweeps.",
  },
  {
    name: "betaRange",
    type: "number-list",
    min: 0,
    computed: "in a pipeline: sized from each class problem (hot: the continuous decrease " +
      "accepted half the time; cold: coldPrecision); alone: betaRangeRule",
    description: "[hot, cold] with 0 < hot < cold.",
  },
  {
    name: "betaRangeRule",
    type: "enum",
    values: ["typical-flip", "neal"],
    default: "typical-flip",
    description: "Rule for the beta range when none is given.",
  },
  SEED,
  {
    name: "initialStates",
    type: "bits",
    computed: "in a pipeline: the current weights encoded; alone: random",
    description: "Initial bits, reads x n (0/1), row-major.",
  },
  {
    name: "initialStatesGenerator",
    type: "enum",
    values: ["tile", "random", "none"],
    default: "tile",
    description: "Reads beyond the given initial states: cycle them, draw at random, or error.",
  },
  {
    name: "randomizeOrder",
    type: "boolean",
    default: false,
    description: "Visit n random variables per sweep instead of 0..n-1.",
  },
  {
    name: "proposalAcceptanceCriteria",
    type: "enum",
    values: ["metropolis", "gibbs"],
    default: "metropolis",
    description: "Acceptance rule of a proposed flip.",
  },
  {
    name: "kernel",
    type: "enum",
    values: ["auto", "dense", "structured"],
    default: "auto",
    description: "auto: the structured kernel for structured problems (the same chain, " +
      "O(d) per accepted flip); dense forces the n x n matrix kernel.",
  },
  {
    name: "moves",
    type: "enum",
    values: ["bit", "level", "weight"],
    default: "bit",
    description: "bit: single-bit flips (the QUBO's chain); level: plus one +-2^u change of " +
      "each weight's integer level per sweep, crossing offset binary's carry barriers; weight: " +
      "a heat bath that draws each weight's level from its conditional distribution, one " +
      "O(d) update per weight and sweep whatever the bits per weight.",
  },
  {
    name: "traceEnergy",
    type: "boolean",
    default: false,
    description: "Record read 0's energy after every sweep (info.energyTrace, at most 200 " +
      "points; the same samples). In a pipeline: only class 0 to 2 at iterations 1, 2, 4, " +
      "8, ... are traced, for the report's energy-per-sweep figure.",
  },
];

/** Parameter names "sa" accepts. */
export const SA_PARAM_NAMES: readonly string[] = SA_PARAMS.map((p) => p.name);

const MAX_READS = 1_000_000;
const MAX_SWEEPS = 1_000_000_000;

/** Options of the synchronous entry point that are not sampling parameters. */
export interface AnnealOptions {
  /** Checked between reads: when aborted, anneal throws the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Checked between reads (neal's interrupt_function): when it returns true, anneal returns the
   * reads done so far with info.interrupted = true. In a Worker, read a SharedArrayBuffer flag.
   */
  readonly interrupt?: () => boolean;
  /** Called after each read ("anneal", reads done of numReads). */
  readonly onProgress?: ProgressFn;
}

/** A validated, fully resolved anneal: what every read needs. */
interface AnnealPlan {
  readonly numReads: number;
  readonly numSweeps: number;
  readonly numSweepsPerBeta: number;
  readonly scheduleType: BetaScheduleType;
  readonly schedule: Float64Array;
  readonly betaRange: BetaRange;
  readonly betaRangeRule: string;
  readonly seed: number;
  readonly initialStates: Uint8Array | undefined;
  readonly givenStates: number;
  readonly generator: InitialStatesGenerator;
  readonly randomizeOrder: boolean;
  readonly proposal: Proposal;
  /** The kernel that runs (auto resolved). */
  readonly kernel: "dense" | "structured";
  readonly moves: MoveSet;
  readonly traceEnergy: boolean;
}

/** Validates params against the problem and resolves defaults, schedule and seed. */
function planAnneal(qubo: QuboProblem, raw: RawParams): AnnealPlan {
  checkKnownParams(NAME, raw, SA_PARAM_NAMES);
  if (isStructured(qubo)) checkStructuredQubo(NAME, qubo);
  else checkQubo(NAME, qubo);
  const n = qubo.n;
  const choice = enumParam(
    NAME,
    raw,
    "kernel",
    ["auto", "dense", "structured"] as const,
    "auto",
  );
  if (choice === "structured" && !isStructured(qubo)) {
    throw paramError(
      NAME,
      "kernel",
      '"auto" or "dense" for a dense QUBO (the structured kernel needs the structured form)',
      raw.kernel,
    );
  }
  const kernel = choice === "auto" ? (isStructured(qubo) ? "structured" : "dense") : choice;
  const moves = enumParam(NAME, raw, "moves", ["bit", "level", "weight"] as const, "bit");
  if (moves !== "bit" && kernel !== "structured") {
    throw paramError(
      NAME,
      "moves",
      '"bit" unless the structured kernel runs (level and weight moves need the weights, ' +
        "not a matrix)",
      raw.moves,
    );
  }

  const initialStates = bitsParam(
    NAME,
    raw,
    "initialStates",
    `0/1 values, a multiple of n = ${n} of them (one state of n bits per read)`,
  );
  if (initialStates !== undefined && initialStates.length % n !== 0) {
    throw paramError(
      NAME,
      "initialStates",
      `0/1 values, a multiple of n = ${n} of them (one state of n bits per read)`,
      raw.initialStates,
    );
  }
  const givenStates = initialStates === undefined ? 0 : initialStates.length / n;
  const numReads = intParam(NAME, raw, "numReads", 1, MAX_READS) ??
    (givenStates > 0 ? Math.min(givenStates, MAX_READS) : 10);
  const generator = enumParam(
    NAME,
    raw,
    "initialStatesGenerator",
    ["tile", "random", "none"] as const,
    "tile",
  );
  if (generator === "none" && givenStates < numReads) {
    throw paramError(
      NAME,
      "initialStates",
      `${numReads} states of ${n} bits (numReads x n values) when initialStatesGenerator is "none"`,
      raw.initialStates,
    );
  }

  const numSweepsPerBeta = intParam(NAME, raw, "numSweepsPerBeta", 1, MAX_SWEEPS, 1);
  const scheduleType = enumParam(
    NAME,
    raw,
    "betaScheduleType",
    ["geometric", "linear", "custom"] as const,
    "geometric",
  );
  const givenRange = parseBetaRange(raw);
  const rangeRule = enumParam(
    NAME,
    raw,
    "betaRangeRule",
    ["typical-flip", "neal"] as const,
    DEFAULT_BETA_RANGE_RULE,
  );
  let numSweeps = intParam(NAME, raw, "numSweeps", 0, MAX_SWEEPS);
  let schedule: Float64Array;
  let betaRange: BetaRange;
  let betaRangeRule: string;
  if (scheduleType === "custom") {
    const custom = numberListParam(
      NAME,
      raw,
      "betaSchedule",
      "a non-empty list of finite betas >= 0",
      (x) => x >= 0,
    );
    if (custom === undefined) {
      throw paramError(
        NAME,
        "betaSchedule",
        'given (a list of betas) when betaScheduleType is "custom"',
        undefined,
      );
    }
    const implied = custom.length * numSweepsPerBeta;
    if (numSweeps !== undefined && numSweeps !== implied) {
      throw paramError(
        NAME,
        "numSweeps",
        `left out or equal to betaSchedule length x numSweepsPerBeta = ${implied}`,
        numSweeps,
      );
    }
    numSweeps = implied;
    schedule = custom;
    const ends: BetaRange = [custom[0], custom[custom.length - 1]];
    if (givenRange !== undefined && (givenRange[0] !== ends[0] || givenRange[1] !== ends[1])) {
      throw paramError(
        NAME,
        "betaRange",
        `left out or equal to the first and last betaSchedule values [${ends[0]}, ${ends[1]}]`,
        raw.betaRange,
      );
    }
    betaRange = ends;
    betaRangeRule = "schedule";
  } else {
    if (raw.betaSchedule !== undefined) {
      throw paramError(
        NAME,
        "betaSchedule",
        'left out unless betaScheduleType is "custom"',
        raw.betaSchedule,
      );
    }
    numSweeps ??= 1000;
    if (numSweeps % numSweepsPerBeta !== 0) {
      throw paramError(
        NAME,
        "numSweeps",
        `a multiple of numSweepsPerBeta = ${numSweepsPerBeta}`,
        numSweeps,
      );
    }
    if (givenRange !== undefined) {
      betaRange = givenRange;
      betaRangeRule = "given";
    } else {
      betaRange = isStructured(qubo)
        ? structuredBetaRange(qubo, rangeRule)
        : defaultBetaRange(qubo, rangeRule);
      betaRangeRule = rangeRule;
    }
    if (!(betaRange[0] > 0 && betaRange[1] > betaRange[0] && Number.isFinite(betaRange[1]))) {
      // Coefficients near the float64 limits (1e200, 1e-300) make the rule's range meaningless.
      throw new UserError(
        `Sampler "sa": the ${betaRangeRule} rule gives no usable beta range for this problem (got [${
          betaRange[0]
        }, ${
          betaRange[1]
        }]); its coefficients are too large or too small: rescale the QUBO or give betaRange.`,
      );
    }
    schedule = interpolateSchedule(betaRange, numSweeps / numSweepsPerBeta, scheduleType);
  }
  if (numReads * n > 2 ** 31) {
    throw paramError(
      NAME,
      "numReads",
      `at most ${Math.floor(2 ** 31 / n)} for n = ${n} (numReads x n bits must fit in memory)`,
      numReads,
    );
  }

  return {
    numReads,
    numSweeps,
    numSweepsPerBeta,
    scheduleType,
    schedule,
    betaRange,
    betaRangeRule,
    seed: intParam(NAME, raw, "seed", 0, MAX_SEED) ?? randomSeed(),
    initialStates,
    givenStates,
    generator,
    randomizeOrder: boolParam(NAME, raw, "randomizeOrder", false),
    proposal: proposalFor(raw, moves),
    kernel,
    moves,
    traceEnergy: boolParam(NAME, raw, "traceEnergy", false),
  };
}

/** The acceptance rule; weight moves draw from the conditional and take none but the default. */
function proposalFor(raw: RawParams, moves: MoveSet): Proposal {
  const proposal = enumParam(
    NAME,
    raw,
    "proposalAcceptanceCriteria",
    ["metropolis", "gibbs"] as const,
    "metropolis",
  );
  if (moves === "weight" && raw.proposalAcceptanceCriteria !== undefined) {
    throw paramError(
      NAME,
      "proposalAcceptanceCriteria",
      'absent with moves "weight" (a heat bath draws each weight from its conditional ' +
        "distribution and accepts every draw)",
      raw.proposalAcceptanceCriteria,
    );
  }
  return proposal;
}

/** betaRange: two finite numbers with 0 < hot < cold, or undefined when absent. */
function parseBetaRange(raw: RawParams): BetaRange | undefined {
  const value = raw.betaRange;
  if (value === undefined) return undefined;
  const pair = Array.isArray(value) || value instanceof Float64Array
    ? Array.from(value as ArrayLike<unknown>)
    : [];
  const [hot, cold] = pair;
  if (
    pair.length !== 2 || typeof hot !== "number" || typeof cold !== "number" ||
    !Number.isFinite(hot) || !Number.isFinite(cold) || !(hot > 0) || !(hot < cold)
  ) {
    throw paramError(NAME, "betaRange", "[hot, cold] with 0 < hot < cold (finite)", value);
  }
  return [hot, cold];
}

/**
 * One anneal in progress: the plan, the output buffers and the per-read step, shared by the
 * synchronous and the async drivers so both give byte-identical samples.
 */
class AnnealRun {
  readonly plan: AnnealPlan;
  readonly samples: Uint8Array;
  /** The dense matrix the dense kernel anneals (undefined when the structured one runs). */
  private readonly dense: Qubo | undefined;
  private readonly work: AnnealWork | undefined;
  private readonly structured: StructuredQubo | undefined;
  private readonly structuredWork: StructuredWork | undefined;
  readsDone = 0;
  /** Read 0's energy per sweep, when traceEnergy asks for it. */
  private trace: EnergyTrace | undefined;
  acceptedFlips = 0;
  kernelSeconds = 0;
  private readonly started = performance.now();

  constructor(readonly qubo: QuboProblem, raw: RawParams) {
    this.plan = planAnneal(qubo, raw ?? {});
    this.samples = new Uint8Array(this.plan.numReads * qubo.n);
    if (this.plan.kernel === "structured") {
      this.structured = qubo as StructuredQubo;
      this.structuredWork = makeStructuredWork(this.structured);
    } else {
      this.dense = isStructured(qubo) ? structuredToDense(qubo) : qubo;
      this.work = makeAnnealWork(qubo.n);
    }
  }

  /** Anneals read `readsDone` into its row of `samples`. */
  step(): void {
    const { plan, qubo } = this;
    const n = qubo.n, r = this.readsDone;
    const bits = this.samples.subarray(r * n, (r + 1) * n);
    // Each read has its own stream, so read r never depends on the reads before it.
    const rng = seedState(plan.seed, r);
    if (plan.initialStates !== undefined && (r < plan.givenStates || plan.generator === "tile")) {
      const s = r % plan.givenStates;
      bits.set(plan.initialStates.subarray(s * n, (s + 1) * n));
    } else {
      fillRandomBits(rng, bits);
    }
    const recorder = plan.traceEnergy && r === 0 ? this.recorder(bits) : undefined;
    const t0 = performance.now();
    const order = plan.randomizeOrder ? "random" : "sequential";
    this.acceptedFlips += this.structured
      ? annealStructuredRead(
        this.structured,
        bits,
        plan.schedule,
        plan.numSweepsPerBeta,
        rng,
        this.structuredWork!,
        order,
        plan.proposal,
        plan.moves,
        recorder?.hook,
      )
      : annealRead(
        this.dense!.q,
        n,
        bits,
        plan.schedule,
        plan.numSweepsPerBeta,
        rng,
        this.work!,
        order,
        plan.proposal,
        recorder?.hook,
      );
    if (recorder) this.trace = recorder.finish();
    this.kernelSeconds += (performance.now() - t0) / 1000;
    this.readsDone++;
  }

  /** A recorder of this read's energy after every sweep, from the kernel's work arrays. */
  private recorder(bits: Uint8Array): EnergyRecorder {
    const initial = problemEnergy(this.qubo, bits);
    if (this.structured) {
      const problem = this.structured, work = this.structuredWork!;
      const scratch = new Float64Array(problem.width);
      const fromLevels = this.plan.moves === "weight";
      return new EnergyRecorder(
        this.plan.numSweeps,
        initial,
        () => structuredWorkEnergy(problem, work, scratch, fromLevels),
      );
    }
    const dense = this.dense!, work = this.work!;
    return new EnergyRecorder(this.plan.numSweeps, initial, () => denseWorkEnergy(dense, work));
  }

  /** The SampleSet of the reads done so far, energies recomputed from the QUBO. */
  finish(interrupted: boolean): SampleSet {
    const { plan, qubo } = this;
    const n = qubo.n, reads = this.readsDone;
    const samples = reads === plan.numReads ? this.samples : this.samples.slice(0, reads * n);
    const energies = new Float64Array(reads);
    for (let r = 0; r < reads; r++) {
      energies[r] = problemEnergy(qubo, samples, r * n);
      if (!Number.isFinite(energies[r])) {
        throw new UserError(
          `Sampler "sa": the energy of read ${r} overflows to ${
            energies[r]
          }; the problem's coefficients are too large for float64 sums: rescale the QUBO.`,
        );
      }
    }
    // Level moves add one attempt per weight to every sweep; weight moves are one per weight.
    const width = plan.moves === "bit" ? 0 : (qubo as StructuredQubo).width;
    const perSweep = plan.moves === "level" ? n + width : plan.moves === "weight" ? width : n;
    const attempted = reads * plan.numSweeps * perSweep;
    const info: SampleInfo = {
      timing: { total: (performance.now() - this.started) / 1000, anneal: this.kernelSeconds },
      betaRange: plan.betaRange,
      betaRangeRule: plan.betaRangeRule,
      betaScheduleType: plan.scheduleType,
      betaSchedule: thinSchedule(plan.schedule),
      seed: plan.seed,
      numSweeps: plan.numSweeps,
      numSweepsPerBeta: plan.numSweepsPerBeta,
      initialStates: plan.initialStates === undefined
        ? "random"
        : plan.generator === "random" && plan.givenStates < reads
        ? "given+random"
        : "given",
      randomizeOrder: plan.randomizeOrder,
      proposalAcceptanceCriteria: plan.proposal,
      kernel: plan.kernel,
      moves: plan.moves,
      attemptedFlips: attempted,
      acceptedFlips: this.acceptedFlips,
      attemptedFlipsPerSecond: this.kernelSeconds > 0 ? attempted / this.kernelSeconds : 0,
      ...(this.trace ? { energyTrace: this.trace } : {}),
      ...(interrupted ? { interrupted: true } : {}),
    };
    return { n, numReads: reads, samples, energies, info };
  }
}

/**
 * Simulated annealing, synchronously: validates `params` (UserError naming a bad one), runs
 * every read and returns the SampleSet. The same seed and params give byte-identical samples.
 * Allocates only the output and two n-length scratch arrays; call it from a Web Worker to keep
 * an event loop free.
 *
 * @example A structured class QUBO: two weights, 3 bits each, surrogate minimum inside the box
 * ```ts
 * import { anneal, makeStructuredQubo, problemEnergy } from "@qubo-cnn/qubo-cnn/samplers";
 *
 * // f(D) = g^T D + 1/2 D^T H D with H = I and g = -(0.5, -0.25): minimum at D = (0.5, -0.25),
 * // on the grid w = lower + step * level (levels 0..7 in steps of 0.25 from -1).
 * const problem = makeStructuredQubo({
 *   h: new Float64Array([1, 0, 0, 1]),
 *   gradient: new Float64Array([-0.5, 0.25]),
 *   center: new Float64Array([0, 0]),
 *   lower: new Float64Array([-1, -1]),
 *   step: new Float64Array([0.25, 0.25]),
 *   bits: 3,
 * });
 * const set = anneal(problem, { numReads: 4, numSweeps: 200, seed: 7 });
 * const best = Math.min(...set.energies);
 * // Level 6 gives w0 = 0.5, level 3 gives w1 = -0.25 (bit k of weight j is variable k * 2 + j).
 * const optimum = problemEnergy(problem, new Uint8Array([0, 1, 1, 1, 1, 0]));
 * if (Math.abs(best - optimum) > 1e-12) throw new Error(`best ${best}, optimum ${optimum}`);
 * ```
 *
 * @example A dense QUBO, seeded: the same seed gives the same samples
 * ```ts
 * import { anneal, makeQubo } from "@qubo-cnn/qubo-cnn/samplers";
 *
 * // E(b) = b^T Q b = -b0 - b1 - b2 + 4 b0 b1 + 4 b1 b2: neighbours set together cost 4.
 * const qubo = makeQubo(3, new Float64Array([-1, 2, 0, 2, -1, 2, 0, 2, -1]));
 * const a = anneal(qubo, { numReads: 8, numSweeps: 100, seed: 42 });
 * const b = anneal(qubo, { numReads: 8, numSweeps: 100, seed: 42 });
 * if (a.samples.join() !== b.samples.join()) throw new Error("not reproducible");
 * // The ground state sets bits 0 and 2 (energy -2).
 * if (Math.min(...a.energies) !== -2) throw new Error("ground state not reached");
 * ```
 */
export function anneal(
  qubo: QuboProblem,
  params: SaParams = {},
  options: AnnealOptions = {},
): SampleSet {
  const run = new AnnealRun(qubo, params as RawParams);
  const total = run.plan.numReads;
  while (run.readsDone < total) {
    options.signal?.throwIfAborted();
    if (options.interrupt?.()) return run.finish(true);
    run.step();
    options.onProgress?.({ label: "anneal", done: run.readsDone, total, unit: "reads" });
  }
  return run.finish(false);
}

/** How long the async sampler may run before it yields to the event loop (ms). */
const YIELD_EVERY_MS = 20;

/**
 * The "sa" sampler: neal-style simulated annealing on the local CPU.
 *
 * @example Sample through the async Sampler contract, which an AbortSignal can stop
 * ```ts
 * import { makeQubo, SaSampler, sampleBits, bestSampleIndex } from "@qubo-cnn/qubo-cnn/samplers";
 *
 * const events: number[] = [];
 * const sampler = new SaSampler((event) => events.push(event.done));
 * const qubo = makeQubo(2, new Float64Array([1, -1, -1, 1])); // E = b0 + b1 - 2 b0 b1
 * const set = await sampler.sample(qubo, { numReads: 3, numSweeps: 50, seed: 1 });
 * if (events.join() !== "1,2,3") throw new Error("progress after every read");
 * const best = sampleBits(set, bestSampleIndex(set));
 * if (best[0] !== best[1]) throw new Error("the ground states set both bits alike");
 * ```
 */
export class SaSampler implements Sampler<SaParams> {
  /** Name used in pipelines and results. */
  readonly name: "sa" = NAME;

  /** `onProgress` receives ("anneal", reads done, numReads) after each read. */
  constructor(private readonly onProgress?: ProgressFn) {}

  /** Validates params and anneals; rejects with the signal's reason once it is aborted. */
  async sample(qubo: QuboProblem, params: SaParams, signal?: AbortSignal): Promise<SampleSet> {
    signal?.throwIfAborted();
    const run = new AnnealRun(qubo, params as RawParams);
    const total = run.plan.numReads;
    let lastYield = performance.now();
    while (run.readsDone < total) {
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        // A macrotask turn lets timers and I/O (and so abort()) run between reads.
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      signal?.throwIfAborted();
      run.step();
      this.onProgress?.({ label: "anneal", done: run.readsDone, total, unit: "reads" });
    }
    return run.finish(false);
  }
}

/** A ready "sa" sampler without progress reporting. */
export const saSampler: SaSampler = new SaSampler();

/** Throws unless `params` are valid "sa" parameters for `qubo` (what sample() checks first). */
export function validateSaParams(qubo: QuboProblem, params: SaParams): void {
  planAnneal(qubo, params as RawParams);
}
