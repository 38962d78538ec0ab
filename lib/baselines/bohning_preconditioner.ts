/**
 * Böhning's bound on the Hessian of mean softmax cross-entropy, as an L-BFGS preconditioner.
 * For weights W (width x classes) the Hessian is sum_n x_n x_n^T (x) (diag p_n - p_n p_n^T) / N,
 * and diag p - p p^T <= (I - 1 1^T / C) / 2 for every probability vector p, so with the ridge
 *   M = (G / 2 + ridge I) (x) (I - 1 1^T / C) + ridge I (x) 1 1^T / C,   G = X^T X / N,
 * bounds the Hessian from above everywhere. M carries the features' own conditioning (the spread
 * of G's eigenvalues), which is what makes plain L-BFGS slow on these design matrices; M^-1 is
 * one width x width Cholesky solve per class.
 */
import { cholesky, choleskySolve } from "../linalg/cholesky.ts";

/** v <- M^-1 v for v = W (width x classes, row-major). */
export function bohningPreconditioner(
  gram: Float64Array,
  width: number,
  classes: number,
  ridge: number,
): (v: Float64Array) => void {
  const a = new Float64Array(width * width);
  for (let i = 0; i < a.length; i++) a[i] = 0.5 * gram[i];
  for (let j = 0; j < width; j++) a[j * width + j] += ridge;
  const factor = cholesky(a, width);
  const mean = new Float64Array(width);
  const column = new Float64Array(width);
  return (v) => {
    // Split each row into its mean over the classes (the 1 1^T / C part) and the rest.
    for (let j = 0; j < width; j++) {
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += v[j * classes + c];
      mean[j] = sum / classes;
    }
    for (let c = 0; c < classes; c++) {
      for (let j = 0; j < width; j++) column[j] = v[j * classes + c] - mean[j];
      const solved = choleskySolve(factor, column);
      for (let j = 0; j < width; j++) v[j * classes + c] = solved[j];
    }
    // Without a ridge the objective is flat along the class mean: no step there.
    const meanScale = ridge > 0 ? 1 / ridge : 0;
    for (let j = 0; j < width; j++) {
      for (let c = 0; c < classes; c++) v[j * classes + c] += meanScale * mean[j];
    }
  };
}
