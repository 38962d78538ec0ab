/** Stage "train": one cell's whole QUBO training loop, its records and its trained weights. */
import { z } from "zod";
import type {
  AnnealRecord,
  EnergyTraceRecord,
  IterationRecord,
  QuboKey,
  RemoteRecord,
} from "../results/types.ts";
import type { CellConfig } from "../pipeline/types.ts";
import { defineStage } from "./define_stage.ts";

/** Inputs: the cell's training and sampler settings and the feature and Gram keys. */
export interface TrainInput {
  readonly training: CellConfig["training"];
  readonly sampler: CellConfig["sampler"];
  readonly features: string;
  readonly gram: string;
}

const record = <T>() => z.custom<T>((v) => typeof v === "object" && v !== null);

/** The train stage. */
export const TRAIN = defineStage({
  name: "train",
  version: 1,
  params: (input: TrainInput) => ({ training: input.training, sampler: input.sampler }),
  upstream: (input: TrainInput) => ({ features: input.features, gram: input.gram }),
  meta: z.object({
    iterations: z.array(record<IterationRecord>()),
    anneal: record<AnnealRecord>(),
    solveQuality: z.number(),
    quboCount: z.number().int().nonnegative(),
    trainAccuracy: z.number(),
    testAccuracy: z.number(),
    confusion: z.array(z.array(z.number())),
    quboSampleKey: z.string(),
    stageSeconds: z.record(z.string(), z.number()),
    remote: record<RemoteRecord>().optional(),
    qubos: z.array(record<QuboKey>()).optional(),
    energyTraces: z.array(record<EnergyTraceRecord>()).optional(),
  }),
  arrays: { weights: Float64Array },
});
