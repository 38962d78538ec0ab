/**
 * Stage "class-qubo": every class QUBO of every iteration, in compact form (the four
 * width-long vectors; the dense matrix is rebuilt from the Gram entry upstream on export).
 */
import { z } from "zod";
import { defineStage } from "./define_stage.ts";

/** Inputs: what determines the QUBO besides the Gram matrix, and the Gram key. */
export interface ClassQuboInput {
  readonly bits: number;
  readonly eta: number;
  readonly ridge: number;
  /** SHA-256 of gradient, centre, lower and step. */
  readonly ingredients: string;
  readonly gram: string;
}

/** The class-qubo stage. */
export const CLASS_QUBO = defineStage({
  name: "class-qubo",
  version: 1,
  params: ({ bits, eta, ridge, ingredients }: ClassQuboInput) => ({
    bits,
    eta,
    ridge,
    ingredients,
  }),
  upstream: (input: ClassQuboInput) => ({ gram: input.gram }),
  meta: z.object({
    bits: z.number().int().positive(),
    width: z.number().int().positive(),
    n: z.number().int().positive(),
    eta: z.number(),
    ridge: z.number(),
    cell: z.string(),
    iteration: z.number().int(),
    classIndex: z.number().int(),
  }),
  arrays: {
    gradient: Float64Array,
    center: Float64Array,
    lower: Float64Array,
    step: Float64Array,
  },
});
