/** Stage "solve": the samples of one class QUBO from one sampler. */
import { z } from "zod";
import type { SampleInfo } from "../../samplers/sampler.ts";
import { defineStage } from "./define_stage.ts";

/** Inputs: the sampler, the params that identify the solve, the class QUBO's key. */
export interface SolveInput {
  readonly sampler: string;
  /** Params as the sampler got them, less the initial states (the QUBO's key implies them). */
  readonly params: Record<string, unknown>;
  readonly qubo: string;
}

/** The solve stage. */
export const SOLVE = defineStage({
  name: "solve",
  version: 1,
  params: (input: SolveInput) => ({ sampler: input.sampler, params: input.params }),
  upstream: (input: SolveInput) => ({ qubo: input.qubo }),
  meta: z.object({
    n: z.number().int().positive(),
    numReads: z.number().int().positive(),
    info: z.custom<SampleInfo>((v) => typeof v === "object" && v !== null),
  }),
  arrays: { samples: Uint8Array, energies: Float64Array },
});
