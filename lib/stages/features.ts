/** Stage "features": the standardised design matrices (bias column appended) and labels. */
import { z } from "zod";
import type { FeatureConfig } from "../pipeline/types.ts";
import { defineStage } from "./define_stage.ts";

/** Inputs: the feature settings and the dataset's key. */
export interface FeaturesInput {
  readonly features: FeatureConfig;
  readonly dataset: string;
}

/** The features stage. */
export const FEATURES = defineStage({
  name: "features",
  version: 1,
  params: (input: FeaturesInput) => ({ ...input.features }),
  upstream: (input: FeaturesInput) => ({ dataset: input.dataset }),
  meta: z.object({
    width: z.number().int().positive(),
    trainCount: z.number().int().nonnegative(),
    testCount: z.number().int().nonnegative(),
  }),
  arrays: {
    trainX: Float64Array,
    testX: Float64Array,
    trainLabels: Uint16Array,
    testLabels: Uint16Array,
  },
});
