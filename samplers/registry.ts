/**
 * The one registry of samplers (DESIGN.md 2): each declares its name, where it runs, which
 * problem forms it accepts, its parameters (type, default, meaning) and which per-solve inputs
 * of the training loop it takes. The runner, `plan`, the pipeline schema and the results read
 * it; nothing else switches on sampler names.
 */
import { UserError } from "../lib/errors.ts";
import type { ProblemForm, QuboProblem } from "../lib/structured_qubo.ts";
import {
  EXACT_MAX_N,
  EXACT_PARAMS,
  type ExactParams,
  solveExact,
  validateExactParams,
} from "./exact.ts";
import type { SamplerParamSpec } from "./param_spec.ts";
import { validateHybridParams, validateQpuParams } from "./dwave/dwave_params.ts";
import { anneal, SA_PARAMS, type SaParams, validateSaParams } from "./sa.ts";
import type { SampleSet } from "./sampler.ts";

export type { SamplerParamSpec };

/** What the training loop hands a sampler for each class solve, if the sampler takes it. */
export interface TaskInputs {
  /** The current weights encoded ("do not move") as the start of every read. */
  readonly initialState: boolean;
  /** The problem-sized beta range, unless the pipeline gives betaRange. */
  readonly betaRange: boolean;
  /** A seed mixed from the pipeline's seed, the iteration and the class. */
  readonly seed: boolean;
  /** numReads used when the pipeline gives none (the sampler's own default otherwise). */
  readonly numReads?: number;
}

/** A sampler's declaration. */
export interface SamplerEntry {
  /** Name used in pipelines and results. */
  readonly name: string;
  /** One sentence on what it is. */
  readonly description: string;
  /** "local": runs in this process's Worker pool; "remote": a cloud service (D-Wave). */
  readonly location: "local" | "remote";
  /** Problem forms it accepts; a structured problem is expanded for one that takes only dense. */
  readonly forms: readonly ProblemForm[];
  /** Largest number of variables it can take, where there is a hard limit. */
  readonly maxVariables?: number;
  /** Its parameters: type, default, meaning. */
  readonly params: readonly SamplerParamSpec[];
  /** Which per-solve inputs of the training loop it takes. */
  readonly taskInputs: TaskInputs;
  /**
   * Throws the UserError the sampler would throw for these params on a problem of this shape,
   * before any work (`plan` and the start of `run` call it). Size limits are checked apart.
   */
  readonly validate: (problem: QuboProblem, params: Record<string, unknown>) => void;
  /** Solves synchronously (local samplers only): what a Worker of the solve pool calls. */
  readonly solveLocally?: (problem: QuboProblem, params: Record<string, unknown>) => SampleSet;
}

const SA: SamplerEntry = {
  name: "sa",
  description: "Simulated annealing on this machine (after D-Wave's neal).",
  location: "local",
  forms: ["structured", "dense"],
  taskInputs: { initialState: true, betaRange: true, seed: true, numReads: 1 },
  solveLocally: (problem, params) => anneal(problem, params as SaParams),
  validate: (problem, params) => validateSaParams(problem, params as SaParams),
  params: SA_PARAMS,
};

const EXACT: SamplerEntry = {
  name: "exact",
  description: `Brute-force enumeration of every state (n <= ${EXACT_MAX_N}); deterministic.`,
  location: "local",
  forms: ["structured", "dense"],
  maxVariables: EXACT_MAX_N,
  taskInputs: { initialState: false, betaRange: false, seed: false, numReads: 1 },
  solveLocally: (problem, params) => solveExact(problem, params as ExactParams),
  validate: (_problem, params) => validateExactParams(params as ExactParams),
  params: EXACT_PARAMS,
};

const SOLVER: SamplerParamSpec = {
  name: "solver",
  type: "string",
  computed: "the configured solver (dwave.conf, DWAVE_API_SOLVER), else the newest that fits",
  description: "Solver name, name;graph_id=..., or a JSON feature filter.",
};
const LABEL: SamplerParamSpec = {
  name: "label",
  type: "string",
  computed: "qubo-cnn and the cell, iteration and class",
  description: "Problem label shown in the Leap dashboard.",
};

const DWAVE_HYBRID: SamplerEntry = {
  name: "dwave-hybrid",
  description: "D-Wave Leap hybrid BQM solver (any dense problem size).",
  location: "remote",
  forms: ["dense"],
  taskInputs: { initialState: false, betaRange: false, seed: false },
  validate: (_problem, params) => void validateHybridParams(params),
  params: [
    SOLVER,
    {
      name: "timeLimit",
      type: "number",
      min: 0,
      computed: "the solver's minimum for the problem size",
      description: "Seconds of hybrid solver time.",
    },
    LABEL,
  ],
};

const DWAVE_QPU: SamplerEntry = {
  name: "dwave-qpu",
  description: "D-Wave QPU with a clique embedding (problems that embed on the working graph).",
  location: "remote",
  forms: ["dense"],
  taskInputs: { initialState: false, betaRange: false, seed: false },
  validate: (_problem, params) => void validateQpuParams(params),
  params: [
    SOLVER,
    {
      name: "numReads",
      type: "integer",
      min: 1,
      default: 100,
      description: "Reads (anneals) per problem.",
    },
    {
      name: "annealingTime",
      type: "number",
      min: 0,
      computed: "the solver's default_annealing_time",
      description: "Microseconds per anneal.",
    },
    {
      name: "chainStrength",
      type: "number",
      default: "uniform-torque-compensation",
      description: 'A number, or "uniform-torque-compensation".',
    },
    {
      name: "chainStrengthPrefactor",
      type: "number",
      min: 0,
      default: 1.414,
      description: "Prefactor of uniform torque compensation.",
    },
    {
      name: "answerMode",
      type: "enum",
      values: ["histogram", "raw"],
      default: "histogram",
      description: "How SAPI returns the reads.",
    },
    {
      name: "programmingThermalization",
      type: "number",
      min: 0,
      computed: "the solver's default",
      description: "Microseconds after programming.",
    },
    {
      name: "readoutThermalization",
      type: "number",
      min: 0,
      computed: "the solver's default",
      description: "Microseconds after each read.",
    },
    LABEL,
  ],
};

/** Every sampler, in the order pipelines and documentation list them. */
export const SAMPLERS: readonly SamplerEntry[] = [SA, EXACT, DWAVE_HYBRID, DWAVE_QPU];

/** Names of every sampler. */
export const SAMPLER_NAMES = ["sa", "exact", "dwave-hybrid", "dwave-qpu"] as const;

/** A sampler name. */
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** The declaration of a sampler; a UserError naming the known ones for anything else. */
export function samplerEntry(name: string): SamplerEntry {
  const entry = SAMPLERS.find((s) => s.name === name);
  if (!entry) {
    throw new UserError(
      `Unknown sampler "${name}"; use one of ${SAMPLER_NAMES.join(", ")}.`,
      { code: "config" },
    );
  }
  return entry;
}

/** True when the sampler runs in this process's Worker pool. */
export function isLocal(name: string): boolean {
  return samplerEntry(name).location === "local";
}

/**
 * The parameters a sampler runs with: what the pipeline gave, every declared default for the
 * rest, and for values chosen per problem or per solver the sentence that says how. This is
 * what a cell's record shows, so a result says exactly what ran.
 */
export function resolvedParams(
  name: string,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const entry = samplerEntry(name);
  const out: Record<string, unknown> = {};
  for (const spec of entry.params) {
    const fallback = pipelineDefault(entry, spec);
    if (given[spec.name] !== undefined) out[spec.name] = given[spec.name];
    else if (fallback !== undefined) out[spec.name] = fallback;
    else if (spec.computed !== undefined) out[spec.name] = `(${spec.computed})`;
  }
  return out;
}

/**
 * The value a parameter takes in a pipeline when left out: the training loop's own default
 * where the sampler declares one (numReads), else the sampler's; undefined when it is chosen
 * per problem or solver (`computed`) or has none.
 */
export function pipelineDefault(entry: SamplerEntry, spec: SamplerParamSpec): unknown {
  if (spec.name === "numReads" && entry.taskInputs.numReads !== undefined) {
    return entry.taskInputs.numReads;
  }
  return spec.default;
}
