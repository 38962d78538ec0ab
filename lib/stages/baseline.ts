/** Stage "baseline": SGD or the exact optimum of the same softmax regression. */
import { z } from "zod";
import { defineStage } from "./define_stage.ts";

/** Inputs: the method, its settings, the ridge and the features key. */
export interface BaselineInput {
  readonly method: "sgd" | "exact";
  readonly config: unknown;
  readonly ridge: number;
  readonly features: string;
}

/** The baseline stage. */
export const BASELINE = defineStage({
  name: "baseline",
  version: 1,
  params: ({ method, config, ridge }: BaselineInput) => ({ method, config, ridge }),
  upstream: (input: BaselineInput) => ({ features: input.features }),
  meta: z.object({
    method: z.enum(["sgd", "exact"]),
    ridge: z.number(),
    trainAccuracy: z.number(),
    testAccuracy: z.number(),
    crossEntropy: z.number(),
    iterations: z.number(),
    converged: z.boolean(),
    seconds: z.number(),
  }).loose(),
  arrays: { weights: Float64Array },
});
