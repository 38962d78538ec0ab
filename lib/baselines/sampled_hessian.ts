/**
 * The Hessian of the ridge-penalised mean softmax cross-entropy at W,
 *   H = sum_n x_n x_n^T (x) (diag p_n - p_n p_n^T) / N + ridge I,
 * estimated from about `samples` rows drawn in proportion to their curvature
 * t_n = trace(diag p_n - p_n p_n^T) = 1 - |p_n|^2 (systematic sampling: deterministic, each row
 * weighted by 1 / its draw probability, so the estimate is unbiased). Near the optimum most rows
 * are confident (t_n near 0) and the few uncertain ones carry the curvature: evenly spaced rows
 * would mostly miss them.
 * a (width classes) x (width classes) matrix indexed like W (row-major: index j * classes + c).
 * The exact baseline's preconditioner near the optimum: there the confident rows (p (1 - p)
 * near 0) curve far less than Böhning's fixed bound says, and the classes stay coupled (a
 * per-class block diagonal converges no faster than the bound), so it takes the full matrix.
 */
import { exponentiateRow } from "../softmax.ts";
import { blockScores, transposeInto } from "../linalg/row_block.ts";

/** Rows per block: their column-major copy (width x BLOCK) stays in cache. */
const BLOCK = 128;

/** H at w from about `samples` rows of x (count x width, row-major); all rows if fewer. */
export function sampledHessian(
  x: Float64Array,
  count: number,
  width: number,
  w: Float64Array,
  classes: number,
  ridge: number,
  samples: number,
): Float64Array {
  const size = width * classes;
  const weightsT = transposeInto(w, width, classes, new Float64Array(size));
  const p = new Float64Array(BLOCK * classes);
  const { rows, factors } = count <= samples
    ? {
      rows: Uint32Array.from({ length: count }, (_, n) => n),
      factors: new Float64Array(count).fill(1 / count),
    }
    : drawRows(x, count, width, weightsT, classes, samples, p);
  // One width x width block per class pair c <= d: B_cd = sum_n a_n x_n x_n^T with the scalar
  // a_n = p_c [c = d] - p_c p_d, so B_cd is symmetric and only its upper triangle is summed.
  const pairs = classes * (classes + 1) / 2;
  const blocks = new Float64Array(pairs * width * width);
  const xT = new Float64Array(width * BLOCK);
  const a = new Float64Array(BLOCK);
  const weighted = new Float64Array(BLOCK);
  for (let first = 0; first < rows.length; first += BLOCK) {
    const block = Math.min(BLOCK, rows.length - first);
    blockScores(x, width, first, block, weightsT, classes, p, rows);
    for (let b = 0; b < block; b++) {
      const at = b * classes;
      const sum = exponentiateRow(p, at, classes);
      for (let c = 0; c < classes; c++) p[at + c] /= sum;
      // This row's share of the estimate rides on its probabilities (a_n is quadratic in p,
      // so scale one factor of it).
      const row = rows[first + b] * width;
      for (let j = 0; j < width; j++) xT[j * BLOCK + b] = x[row + j];
    }
    let pair = 0;
    for (let c = 0; c < classes; c++) {
      for (let d = c; d < classes; d++, pair++) {
        for (let b = 0; b < block; b++) {
          const pc = p[b * classes + c];
          a[b] = ((c === d ? pc : 0) - pc * p[b * classes + d]) * factors[first + b];
        }
        addWeightedGram(xT, width, block, a, weighted, blocks, pair * width * width);
      }
    }
  }
  const hessian = new Float64Array(size * size);
  let pair = 0;
  for (let c = 0; c < classes; c++) {
    for (let d = c; d < classes; d++, pair++) {
      const base = pair * width * width;
      for (let j = 0; j < width; j++) {
        for (let k = j; k < width; k++) {
          // H[(j, c), (k, d)] = H[(k, c), (j, d)] = B_cd[j][k], and H is symmetric.
          const value = blocks[base + j * width + k];
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

/**
 * About `samples` rows by systematic sampling in proportion to t_n = 1 - |p_n|^2, each with
 * the factor (draws of n) T / (samples t_n N), T = sum t_n, that makes the sum unbiased.
 */
function drawRows(
  x: Float64Array,
  count: number,
  width: number,
  weightsT: Float64Array,
  classes: number,
  samples: number,
  p: Float64Array,
): { rows: Uint32Array; factors: Float64Array } {
  const curvature = new Float64Array(count);
  let total = 0;
  for (let first = 0; first < count; first += BLOCK) {
    const block = Math.min(BLOCK, count - first);
    blockScores(x, width, first, block, weightsT, classes, p);
    for (let b = 0; b < block; b++) {
      const at = b * classes;
      const sum = exponentiateRow(p, at, classes);
      let squares = 0;
      for (let c = 0; c < classes; c++) squares += (p[at + c] / sum) ** 2;
      curvature[first + b] = Math.max(0, 1 - squares);
      total += curvature[first + b];
    }
  }
  const rows: number[] = [];
  const factors: number[] = [];
  const spacing = total / samples;
  let next = spacing / 2;
  let cumulative = 0;
  for (let n = 0; n < count; n++) {
    cumulative += curvature[n];
    let draws = 0;
    while (next < cumulative && draws + rows.length < samples * 2) {
      draws++;
      next += spacing;
    }
    if (draws > 0) {
      rows.push(n);
      factors.push((draws * spacing) / (curvature[n] * count));
    }
  }
  return { rows: Uint32Array.from(rows), factors: Float64Array.from(factors) };
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
