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
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = a[rowI + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) sum -= l[rowI + k] * l[rowJ + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[rowI + i] = Math.sqrt(sum);
      } else {
        l[rowI + j] = sum / l[rowJ + j];
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
