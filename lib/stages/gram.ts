/** Stage "gram": G = X^T X / N of the training features, the fixed surrogate curvature. */
import { z } from "zod";
import { defineStage } from "./define_stage.ts";

/** Inputs: the features entry's key. */
export interface GramInput {
  readonly features: string;
}

/** The gram stage. */
export const GRAM = defineStage({
  name: "gram",
  version: 1,
  params: (_input: GramInput) => ({}),
  upstream: (input: GramInput) => ({ features: input.features }),
  meta: z.object({ width: z.number().int().positive() }),
  arrays: { gram: Float64Array },
});
