/**
 * The QUBO of one class (DESIGN.md section 1), built so that its energy IS the surrogate:
 * E(b) = b^T Q b + offset = f(l + P b - w_t), with
 *   Q = (1/2) P^T H P + diag(P^T g + P^T H (l - w_t)),  offset = g^T a + (1/2) a^T H a, a = l - w_t.
 * P = diag(step) kron [1, 2, ..., 2^(K-1)], variables bit-plane major (index k * width + j).
 */
import { makeQubo, type Qubo } from "../qubo.ts";
import { dot, matVec, quadraticForm } from "../linalg/dense.ts";
import type { Box } from "./encoding.ts";

/** Builds the dense class QUBO for curvature H (width x width), gradient g and centre w_t. */
export function buildClassQubo(
  h: Float64Array,
  width: number,
  gradient: Float64Array,
  center: Float64Array,
  box: Box,
): Qubo {
  const bits = box.bits;
  const n = width * bits;
  const { lower, step } = box;
  const a = new Float64Array(width);
  for (let j = 0; j < width; j++) a[j] = lower[j] - center[j];
  const ha = matVec(h, width, width, a);

  // S = (1/2) diag(step) H diag(step): every K x K block is S scaled by 2^(k+l).
  const s = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = i; j < width; j++) {
      // Computed once per pair and mirrored, so Q is symmetric to the last bit.
      const value = 0.5 * step[i] * h[i * width + j] * step[j];
      s[i * width + j] = value;
      s[j * width + i] = value;
    }
  }
  const q = new Float64Array(n * n);
  for (let k = 0; k < bits; k++) {
    for (let l = 0; l < bits; l++) {
      const scale = 2 ** (k + l);
      for (let i = 0; i < width; i++) {
        const dst = (k * width + i) * n + l * width;
        const src = i * width;
        for (let j = 0; j < width; j++) q[dst + j] = scale * s[src + j];
      }
    }
  }
  for (let k = 0; k < bits; k++) {
    const scale = 2 ** k;
    for (let j = 0; j < width; j++) {
      const v = k * width + j;
      q[v * n + v] += scale * step[j] * (gradient[j] + ha[j]);
    }
  }
  const offset = dot(gradient, a) + 0.5 * quadraticForm(h, width, a);
  return makeQubo(n, q, offset);
}
