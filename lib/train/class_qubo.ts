/**
 * The QUBO of one class (DESIGN.md section 1), built so that its energy IS the surrogate:
 * E(b) = b^T Q b + offset = f(l + P b - w_t). The training loop keeps it in structured form
 * ({@link classProblem}); {@link buildClassQubo} is its dense matrix, for the samplers and files
 * that need one.
 */
import type { Qubo } from "../qubo.ts";
import { makeStructuredQubo, type StructuredQubo, structuredToDense } from "../structured_qubo.ts";
import type { Box } from "./encoding.ts";

/** The structured class QUBO for curvature H (width x width), gradient g and centre w_t. */
export function classProblem(
  h: Float64Array,
  gradient: Float64Array,
  center: Float64Array,
  box: Box,
): StructuredQubo {
  return makeStructuredQubo({
    h,
    gradient,
    center,
    lower: box.lower,
    step: box.step,
    bits: box.bits,
  });
}

/** Builds the dense class QUBO for curvature H (width x width), gradient g and centre w_t. */
export function buildClassQubo(
  h: Float64Array,
  width: number,
  gradient: Float64Array,
  center: Float64Array,
  box: Box,
): Qubo {
  if (gradient.length !== width) {
    throw new RangeError(`class QUBO: gradient has ${gradient.length} entries, expected ${width}`);
  }
  return structuredToDense(classProblem(h, gradient, center, box));
}
