/**
 * Cholesky factorisation of symmetric positive (semi-)definite matrices, row-major Float64Array.
 * The Gram matrix of standardised features is singular when a feature is constant, so the
 * factorisation adds the smallest diagonal jitter that makes it succeed, and reports it.
 */
export interface CholeskyFactor {
  /** Order of the matrix. */
  readonly size: number;
  /** Lower-triangular L (row-major, upper part zero) with L L^T = A + jitter I. */
  readonly lower: Float64Array;
  /** Diagonal jitter that was added (0 when A was positive definite as given). */
  readonly jitter: number;
}

/** Factorises A (size x size, symmetric); retries with growing jitter if A is not PD. */
export function cholesky(a: Float64Array, size: number): CholeskyFactor {
  let meanDiagonal = 0;
  for (let i = 0; i < size; i++) meanDiagonal += a[i * size + i];
  meanDiagonal = Math.max(meanDiagonal / size, Number.MIN_VALUE);
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const lower = tryFactor(a, size, jitter);
    if (lower) return { size, lower, jitter };
    jitter = jitter === 0 ? meanDiagonal * 1e-12 : jitter * 100;
  }
  throw new RangeError("matrix is not positive semi-definite (Cholesky failed with jitter)");
}

function tryFactor(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  const sums = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    // Entries j..j+3 of row i at once: four independent sums over k < j share each l[i][k]; each
    // then takes its few remaining terms in order, so every entry rounds as the plain loop would.
    for (let j = 0; j <= i; j += 4) {
      const last = Math.min(i, j + 3);
      const r0 = j * n;
      const r1 = Math.min(j + 1, last) * n;
      const r2 = Math.min(j + 2, last) * n;
      const r3 = last * n;
      let s0 = a[rowI + j] + (i === j ? jitter : 0);
      let s1 = j + 1 <= last ? a[rowI + j + 1] + (i === j + 1 ? jitter : 0) : 0;
      let s2 = j + 2 <= last ? a[rowI + j + 2] + (i === j + 2 ? jitter : 0) : 0;
      let s3 = j + 3 <= last ? a[rowI + j + 3] + (i === j + 3 ? jitter : 0) : 0;
      for (let k = 0; k < j; k++) {
        const lik = l[rowI + k];
        s0 -= lik * l[r0 + k];
        s1 -= lik * l[r1 + k];
        s2 -= lik * l[r2 + k];
        s3 -= lik * l[r3 + k];
      }
      sums[0] = s0;
      sums[1] = s1;
      sums[2] = s2;
      sums[3] = s3;
      for (let m = 0; j + m <= last; m++) {
        const col = j + m;
        const rowJ = col * n;
        let sum = sums[m];
        for (let k = j; k < col; k++) sum -= l[rowI + k] * l[rowJ + k];
        if (i === col) {
          if (!(sum > 0)) return undefined;
          l[rowI + i] = Math.sqrt(sum);
        } else {
          l[rowI + col] = sum / l[rowJ + col];
        }
      }
    }
  }
  return l;
}

/** Solves (L L^T) x = b, returning x (b untouched). */
export function choleskySolve(factor: CholeskyFactor, b: Float64Array): Float64Array {
  const { size: n, lower: l } = factor;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}
