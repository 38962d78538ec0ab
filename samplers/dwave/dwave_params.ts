/**
 * Parameters of the D-Wave samplers as pipelines give them (YAML, camelCase like "sa"), checked
 * before anything is sent, each bad one named in one UserError sentence.
 */
import { checkKnownParams, enumParam, intParam, paramError, type RawParams } from "../params.ts";

/** Parameters of "dwave-hybrid". */
export interface HybridParams {
  /** Solver name, `name;graph_id=...` or JSON filter (default: configured, else newest BQM solver). */
  readonly solver?: string;
  /** Seconds; at least the solver's minimum for the problem size (the default). */
  readonly timeLimit?: number;
  /** Label shown in the Leap dashboard. */
  readonly label?: string;
}

/** Parameters of "dwave-qpu". */
export interface QpuParams {
  readonly solver?: string;
  /** Reads (default 100). */
  readonly numReads?: number;
  /** Microseconds (default: the solver's default_annealing_time). */
  readonly annealingTime?: number;
  /** A number, or "uniform-torque-compensation" (default). */
  readonly chainStrength?: number | "uniform-torque-compensation";
  /** Prefactor of uniform torque compensation (default 1.414). */
  readonly chainStrengthPrefactor?: number;
  /** "histogram" (default) or "raw". */
  readonly answerMode?: "histogram" | "raw";
  readonly programmingThermalization?: number;
  readonly readoutThermalization?: number;
  readonly label?: string;
}

/** Names "dwave-hybrid" accepts. */
export const HYBRID_PARAM_NAMES: readonly string[] = ["solver", "timeLimit", "label"];
/** Names "dwave-qpu" accepts. */
export const QPU_PARAM_NAMES: readonly string[] = [
  "solver",
  "numReads",
  "annealingTime",
  "chainStrength",
  "chainStrengthPrefactor",
  "answerMode",
  "programmingThermalization",
  "readoutThermalization",
  "label",
];

function positive(sampler: string, raw: RawParams, name: string): number | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw paramError(sampler, name, "a positive number", value);
  }
  return value;
}

function text(sampler: string, raw: RawParams, name: string, max: number): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "" || value.length > max) {
    throw paramError(sampler, name, `a non-empty string of at most ${max} characters`, value);
  }
  return value;
}

/** Validates "dwave-hybrid" parameters. */
export function validateHybridParams(raw: RawParams): HybridParams {
  const name = "dwave-hybrid";
  checkKnownParams(name, raw, HYBRID_PARAM_NAMES);
  return {
    solver: text(name, raw, "solver", 1000),
    timeLimit: positive(name, raw, "timeLimit"),
    label: text(name, raw, "label", 1024),
  };
}

/** Validates "dwave-qpu" parameters. */
export function validateQpuParams(raw: RawParams): QpuParams {
  const name = "dwave-qpu";
  checkKnownParams(name, raw, QPU_PARAM_NAMES);
  const chain = raw.chainStrength;
  if (
    chain !== undefined && chain !== "uniform-torque-compensation" &&
    !(typeof chain === "number" && Number.isFinite(chain) && chain > 0)
  ) {
    throw paramError(
      name,
      "chainStrength",
      'a positive number or "uniform-torque-compensation"',
      chain,
    );
  }
  const nonNegative = (key: string) => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw paramError(name, key, "a non-negative number of microseconds", value);
    }
    return value;
  };
  return {
    solver: text(name, raw, "solver", 1000),
    numReads: intParam(name, raw, "numReads", 1, 10000, 100),
    annealingTime: positive(name, raw, "annealingTime"),
    chainStrength: chain as QpuParams["chainStrength"],
    chainStrengthPrefactor: positive(name, raw, "chainStrengthPrefactor"),
    answerMode: enumParam<"histogram" | "raw">(
      name,
      raw,
      "answerMode",
      ["histogram", "raw"],
      "histogram",
    ),
    programmingThermalization: nonNegative("programmingThermalization"),
    readoutThermalization: nonNegative("readoutThermalization"),
    label: text(name, raw, "label", 1024),
  };
}
