/**
 * The Hessian of the ridge-penalised mean softmax cross-entropy at W, estimated on an evenly
 * spaced subset of the rows:
 *   H = sum_n x_n x_n^T (x) (diag p_n - p_n p_n^T) / S + ridge I,
 * a (width classes) x (width classes) matrix indexed like W (row-major: index j * classes + c).
 * The exact baseline's preconditioner near the optimum: there the confident rows (p (1 - p)
 * near 0) curve far less than Böhning's fixed bound says, and the classes stay coupled (a
 * per-class block diagonal converges no faster than the bound), so it takes the full matrix.
 */
import { blockScores, transposeInto } from "../linalg/row_block.ts";

/** Rows per block: their column-major copy (width x BLOCK) stays in cache. */
const BLOCK = 128;

/** H at w from every `stride`-th row of x (count x width, row-major). */
export function sampledHessian(
  x: Float64Array,
  count: number,
  width: number,
  w: Float64Array,
  classes: number,
  ridge: number,
  stride: number,
): Float64Array {
  const size = width * classes;
  const weightsT = transposeInto(w, width, classes, new Float64Array(size));
  const rows = new Uint32Array(Math.ceil(count / stride));
  for (let i = 0; i < rows.length; i++) rows[i] = i * stride;
  // One width x width block per class pair c <= d: B_cd = sum_n a_n x_n x_n^T with the scalar
  // a_n = p_c [c = d] - p_c p_d, so B_cd is symmetric and only its upper triangle is summed.
  const pairs = classes * (classes + 1) / 2;
  const blocks = new Float64Array(pairs * width * width);
  const p = new Float64Array(BLOCK * classes);
  const xT = new Float64Array(width * BLOCK);
  const a = new Float64Array(BLOCK);
  const weighted = new Float64Array(BLOCK);
  for (let first = 0; first < rows.length; first += BLOCK) {
    const block = Math.min(BLOCK, rows.length - first);
    blockScores(x, width, first, block, weightsT, classes, p, rows);
    for (let b = 0; b < block; b++) {
      const at = b * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, p[at + c]);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += p[at + c] = Math.exp(p[at + c] - max);
      for (let c = 0; c < classes; c++) p[at + c] /= sum;
      const row = rows[first + b] * width;
      for (let j = 0; j < width; j++) xT[j * BLOCK + b] = x[row + j];
    }
    let pair = 0;
    for (let c = 0; c < classes; c++) {
      for (let d = c; d < classes; d++, pair++) {
        for (let b = 0; b < block; b++) {
          const pc = p[b * classes + c];
          a[b] = (c === d ? pc : 0) - pc * p[b * classes + d];
        }
        addWeightedGram(xT, width, block, a, weighted, blocks, pair * width * width);
      }
    }
  }
  const hessian = new Float64Array(size * size);
  const scale = 1 / rows.length;
  let pair = 0;
  for (let c = 0; c < classes; c++) {
    for (let d = c; d < classes; d++, pair++) {
      const base = pair * width * width;
      for (let j = 0; j < width; j++) {
        for (let k = j; k < width; k++) {
          // H[(j, c), (k, d)] = H[(k, c), (j, d)] = B_cd[j][k], and H is symmetric.
          const value = blocks[base + j * width + k] * scale;
          const jc = j * classes + c, kd = k * classes + d;
          const kc = k * classes + c, jd = j * classes + d;
          hessian[jc * size + kd] = hessian[kd * size + jc] = value;
          hessian[kc * size + jd] = hessian[jd * size + kc] = value;
        }
      }
    }
  }
  for (let i = 0; i < size; i++) hessian[i * size + i] += ridge;
  return hessian;
}

/** out[base + j * width + k] += sum_b a_b x_bj x_bk for k >= j. */
function addWeightedGram(
  xT: Float64Array,
  width: number,
  block: number,
  a: Float64Array,
  weighted: Float64Array,
  out: Float64Array,
  base: number,
): void {
  for (let j = 0; j < width; j++) {
    const xj = j * BLOCK;
    for (let b = 0; b < block; b++) weighted[b] = a[b] * xT[xj + b];
    const row = base + j * width;
    let k = j;
    // Four entries at a time: four independent sums share each weighted[b].
    for (; k + 4 <= width; k += 4) {
      const x0 = k * BLOCK, x1 = x0 + BLOCK, x2 = x1 + BLOCK, x3 = x2 + BLOCK;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let b = 0; b < block; b++) {
        const v = weighted[b];
        s0 += v * xT[x0 + b];
        s1 += v * xT[x1 + b];
        s2 += v * xT[x2 + b];
        s3 += v * xT[x3 + b];
      }
      out[row + k] += s0;
      out[row + k + 1] += s1;
      out[row + k + 2] += s2;
      out[row + k + 3] += s3;
    }
    for (; k < width; k++) {
      let sum = 0;
      const xk = k * BLOCK;
      for (let b = 0; b < block; b++) sum += weighted[b] * xT[xk + b];
      out[row + k] += sum;
    }
  }
}
