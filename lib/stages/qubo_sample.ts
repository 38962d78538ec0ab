/** Stage "qubo": the dense first-iteration class QUBO a cell keeps for its heat map. */
import { z } from "zod";
import { defineStage } from "./define_stage.ts";

/** Inputs: the train stage's params and upstream, and which class QUBO it is. */
export interface QuboSampleInput {
  readonly cell: unknown;
  readonly classIndex: number;
  readonly iteration: number;
  readonly upstream: Record<string, string>;
}

/** The qubo (sample) stage. */
export const QUBO_SAMPLE = defineStage({
  name: "qubo",
  version: 1,
  params: (input: QuboSampleInput) => ({
    cell: input.cell,
    classIndex: input.classIndex,
    iteration: input.iteration,
  }),
  upstream: (input: QuboSampleInput) => input.upstream,
  meta: z.object({ n: z.number().int().positive(), offset: z.number() }).loose(),
  arrays: { q: Float64Array },
});
