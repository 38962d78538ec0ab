/**
 * Runs a local sampler synchronously: the same code on the main thread and inside a Worker.
 */
import type { Qubo } from "../qubo.ts";
import { anneal, type SaParams } from "../../samplers/sa.ts";
import { type ExactParams, solveExact } from "../../samplers/exact.ts";
import type { SampleSet } from "../../samplers/sampler.ts";

/** Samplers that run on this machine, in a Worker. */
export const LOCAL_SAMPLERS = ["sa", "exact"] as const;

/** True for a sampler name handled by {@link solveLocally}. */
export function isLocalSampler(name: string): name is (typeof LOCAL_SAMPLERS)[number] {
  return (LOCAL_SAMPLERS as readonly string[]).includes(name);
}

/** Solves with "sa" or "exact". */
export function solveLocally(
  sampler: (typeof LOCAL_SAMPLERS)[number],
  qubo: Qubo,
  params: Record<string, unknown>,
): SampleSet {
  return sampler === "sa"
    ? anneal(qubo, params as SaParams)
    : solveExact(qubo, params as ExactParams);
}
