/**
 * The two products of softmax regression over a block of rows of a row-major design matrix X:
 * scores S = X_block W and the gradient update G += X_block^T R. Both keep the rounding of the
 * plain loops: every score is one sum over the features in order j = 0, 1, ..., and every
 * gradient entry adds its rows' terms one at a time in row order. They are fast because they
 * work on four rows (and two classes) at once, so the sums are independent chains the CPU can
 * overlap instead of one chain per loop, and the class-major weights and gradient (row c =
 * class c) are read contiguously alongside each row of X.
 */

/**
 * scores[b * classes + c] = sum_j x[rows[b] * width + j] * weightsT[c * width + j] for b < count,
 * where rows[b] is first + b when `rows` is omitted.
 */
export function blockScores(
  x: Float64Array,
  width: number,
  first: number,
  count: number,
  weightsT: Float64Array,
  classes: number,
  scores: Float64Array,
  rows?: Uint32Array,
): void {
  const rowOf = (b: number) => (rows ? rows[first + b] : first + b) * width;
  for (let b = 0; b < count; b += 4) {
    // A short last group repeats its last row; those extra sums are computed and dropped.
    const r0 = rowOf(b);
    const r1 = b + 1 < count ? rowOf(b + 1) : r0;
    const r2 = b + 2 < count ? rowOf(b + 2) : r1;
    const r3 = b + 3 < count ? rowOf(b + 3) : r2;
    for (let c = 0; c < classes; c += 2) {
      const wa = c * width;
      // An odd last class is paired with itself.
      const wb = (c + 1 < classes ? c + 1 : c) * width;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let j = 0; j < width; j++) {
        const va = weightsT[wa + j];
        const vb = weightsT[wb + j];
        const x0 = x[r0 + j];
        const x1 = x[r1 + j];
        const x2 = x[r2 + j];
        const x3 = x[r3 + j];
        a0 += x0 * va;
        a1 += x1 * va;
        a2 += x2 * va;
        a3 += x3 * va;
        b0 += x0 * vb;
        b1 += x1 * vb;
        b2 += x2 * vb;
        b3 += x3 * vb;
      }
      const out = b * classes + c;
      scores[out] = a0;
      if (b + 1 < count) scores[out + classes] = a1;
      if (b + 2 < count) scores[out + 2 * classes] = a2;
      if (b + 3 < count) scores[out + 3 * classes] = a3;
      if (c + 1 < classes) {
        scores[out + 1] = b0;
        if (b + 1 < count) scores[out + classes + 1] = b1;
        if (b + 2 < count) scores[out + 2 * classes + 1] = b2;
        if (b + 3 < count) scores[out + 3 * classes + 1] = b3;
      }
    }
  }
}

/**
 * gradientT[c * width + j] += x[rows[b] * width + j] * residuals[b * classes + c], for b = 0, 1,
 * ..., count - 1 in that order (rows[b] is first + b when `rows` is omitted).
 */
export function addBlockGradient(
  x: Float64Array,
  width: number,
  first: number,
  count: number,
  residuals: Float64Array,
  classes: number,
  gradientT: Float64Array,
  rows?: Uint32Array,
): void {
  const rowOf = (b: number) => (rows ? rows[first + b] : first + b) * width;
  let b = 0;
  for (; b + 4 <= count; b += 4) {
    const r0 = rowOf(b);
    const r1 = rowOf(b + 1);
    const r2 = rowOf(b + 2);
    const r3 = rowOf(b + 3);
    let c = 0;
    // Two classes at a time: each x value loaded serves both.
    for (; c + 2 <= classes; c += 2) {
      const at = b * classes + c;
      const e0 = residuals[at];
      const e1 = residuals[at + classes];
      const e2 = residuals[at + 2 * classes];
      const e3 = residuals[at + 3 * classes];
      const f0 = residuals[at + 1];
      const f1 = residuals[at + classes + 1];
      const f2 = residuals[at + 2 * classes + 1];
      const f3 = residuals[at + 3 * classes + 1];
      const g = c * width;
      const h = g + width;
      for (let j = 0; j < width; j++) {
        const x0 = x[r0 + j];
        const x1 = x[r1 + j];
        const x2 = x[r2 + j];
        const x3 = x[r3 + j];
        // Left to right: the four rows' terms are added one at a time, as four += would.
        gradientT[g + j] = gradientT[g + j] + x0 * e0 + x1 * e1 + x2 * e2 + x3 * e3;
        gradientT[h + j] = gradientT[h + j] + x0 * f0 + x1 * f1 + x2 * f2 + x3 * f3;
      }
    }
    for (; c < classes; c++) {
      const at = b * classes + c;
      const e0 = residuals[at];
      const e1 = residuals[at + classes];
      const e2 = residuals[at + 2 * classes];
      const e3 = residuals[at + 3 * classes];
      const g = c * width;
      for (let j = 0; j < width; j++) {
        gradientT[g + j] = gradientT[g + j] + x[r0 + j] * e0 + x[r1 + j] * e1 +
          x[r2 + j] * e2 + x[r3 + j] * e3;
      }
    }
  }
  for (; b < count; b++) {
    const r0 = rowOf(b);
    for (let c = 0; c < classes; c++) {
      const e0 = residuals[b * classes + c];
      const g = c * width;
      for (let j = 0; j < width; j++) gradientT[g + j] += x[r0 + j] * e0;
    }
  }
}

/** The transpose of a rows x cols row-major matrix, into `out` (cols x rows). */
export function transposeInto(
  a: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  }
  return out;
}
