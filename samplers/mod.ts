/**
 * The samplers of qubo-cnn (`@qubo-cnn/qubo-cnn/samplers`): the {@link Sampler} contract, the
 * local simulated annealer "sa" and the brute-force "exact" sampler, the registry every sampler
 * is declared in, the two problem forms they take (dense {@link Qubo} and
 * {@link StructuredQubo}), beta-range rules, and the factory of the D-Wave samplers.
 *
 * @example Anneal a two-variable dense QUBO
 * ```ts
 * import { makeQubo, saSampler } from "@qubo-cnn/qubo-cnn/samplers";
 *
 * // E(b) = b^T Q b = -b0 - b1 + 3 b0 b1 (Q symmetric): the lowest states set one bit.
 * const qubo = makeQubo(2, new Float64Array([-1, 1.5, 1.5, -1]));
 * const set = await saSampler.sample(qubo, { numReads: 4, numSweeps: 50, seed: 1 });
 * if (Math.min(...set.energies) !== -1) throw new Error("expected energy -1");
 * ```
 *
 * @module
 */

import type { Sampler } from "./sampler.ts";
import type { DwaveOptions } from "./dwave/session.ts";
import {
  createDwaveSampler as createSharingSession,
  type DwaveSamplerName,
} from "./dwave/factory.ts";

// The contract and the problem forms
export * from "./sampler.ts";
export { makeQubo, quboCouplerCount, quboEnergy } from "../lib/qubo.ts";
export type { Qubo } from "../lib/qubo.ts";
export {
  isStructured,
  makeStructuredQubo,
  problemEnergy,
  problemForm,
  structuredDisplacement,
  structuredEnergy,
  structuredToDense,
  surrogateAt,
  toDense,
} from "../lib/structured_qubo.ts";
export type { ProblemForm, QuboProblem, StructuredQubo } from "../lib/structured_qubo.ts";
export type { ProgressEvent, ProgressFn } from "../lib/progress.ts";

// Local samplers
export { anneal, SA_PARAM_NAMES, SA_PARAMS, SaSampler, saSampler, validateSaParams } from "./sa.ts";
export type { AnnealOptions, InitialStatesGenerator, KernelChoice, SaParams } from "./sa.ts";
export type { Proposal } from "./anneal.ts";
export type { MoveSet } from "./anneal_structured.ts";
export type { BetaScheduleType } from "./beta_schedule.ts";
export {
  EXACT_MAX_N,
  EXACT_PARAM_NAMES,
  EXACT_PARAMS,
  ExactSampler,
  exactSampler,
  solveExact,
  validateExactParams,
} from "./exact.ts";
export type { ExactParams } from "./exact.ts";
export {
  DEFAULT_BETA_RANGE_RULE,
  defaultBetaRange,
  nealBetaRange,
  structuredBetaRange,
  TYPICAL_FLIP_FLOOR,
  typicalFlipBetaRange,
} from "./beta_range.ts";
export type { BetaRange, BetaRangeRule } from "./beta_range.ts";

// The registry
export { isLocal, resolvedParams, SAMPLER_NAMES, samplerEntry, SAMPLERS } from "./registry.ts";
export type { SamplerEntry, SamplerName, SamplerParamSpec, TaskInputs } from "./registry.ts";

// D-Wave
export { DWAVE_SAMPLER_NAMES } from "./dwave/factory.ts";
export type { DwaveSamplerName } from "./dwave/factory.ts";
export type { DwaveOptions } from "./dwave/session.ts";
export type { Clock } from "./dwave/client.ts";
export type { ConfigEnvironment, DwaveConfig } from "./dwave/config.ts";
export type { JournalEntry, ProblemJournal } from "./dwave/journal.ts";
export { estimateQpuAccessSeconds, planDwave, solversForPlanning } from "./dwave/plan.ts";
export type { DwavePlan } from "./dwave/plan.ts";
export type { SolverDescription, SolverIdentity, SolverProperties } from "./dwave/solvers.ts";

/**
 * Creates the D-Wave sampler `name` ("dwave-hybrid" or "dwave-qpu"). Nothing is read or
 * contacted until its first sample() call, which resolves the token, endpoint and solver from
 * `options`, the environment and dwave.conf as Ocean does.
 */
export function createDwaveSampler(name: DwaveSamplerName, options: DwaveOptions = {}): Sampler {
  // The runner's extra `session` option (samplers sharing one connection) stays internal.
  return createSharingSession(name, options);
}
