/**
 * The convex quadratic surrogate of cross-entropy for one class (Bohning's bound, DESIGN.md 1):
 * f(D) = g^T D + (1/2) D^T H D with D = w - w_t and fixed curvature H = eta G + lambda I, where
 * lambda is a true ridge penalty lambda/2 ||W||^2 on the objective (so g includes lambda w_t). With
 * lambda > 0 the exact optimum exists even when the training set is linearly separable.
 */
import { type CholeskyFactor, choleskySolve } from "../linalg/cholesky.ts";
import { dot, quadraticForm } from "../linalg/dense.ts";

/** H = eta G + ridge I. */
export function surrogateCurvature(
  gram: Float64Array,
  width: number,
  eta: number,
  ridge: number,
): Float64Array {
  const h = new Float64Array(width * width);
  for (let i = 0; i < h.length; i++) h[i] = eta * gram[i];
  for (let j = 0; j < width; j++) h[j * width + j] += ridge;
  return h;
}

/** The continuous minimiser's step D* = -H^{-1} g. */
export function continuousStep(curvature: CholeskyFactor, gradient: Float64Array): Float64Array {
  const step = choleskySolve(curvature, gradient);
  for (let j = 0; j < step.length; j++) step[j] = -step[j];
  return step;
}

/** f(D) = g^T D + (1/2) D^T H D. */
export function surrogateValue(
  h: Float64Array,
  width: number,
  gradient: Float64Array,
  delta: Float64Array,
): number {
  return dot(gradient, delta) + 0.5 * quadraticForm(h, width, delta);
}
