/**
 * The dense QUBO every stage and sampler exchanges.
 *
 * Energy convention: E(b) = b^T Q b + offset for b in {0,1}^n, with Q a full symmetric
 * row-major n x n Float64Array. So the linear coefficient of b_i is Q[i][i] and the coupling
 * between b_i and b_j (i != j) in the usual "upper triangular" convention (qbsolv, dimod) is
 * 2 * Q[i][j]. Float64 is required: with K = 20 bits the coefficients span 2^38.
 *
 * Flipping bit i changes the energy by (1 - 2 b_i) * (Q[i][i] + 2 * sum_{j != i} Q[i][j] b_j).
 */
export interface Qubo {
  /** Number of binary variables. */
  readonly n: number;
  /** Symmetric n x n matrix, row-major. */
  readonly q: Float64Array;
  /** Constant added to every energy. */
  readonly offset: number;
}

/** Energy b^T Q b + offset of one bit string (bits as 0/1 bytes). */
export function quboEnergy(qubo: Qubo, bits: Uint8Array, start = 0): number {
  const { n, q } = qubo;
  let energy = qubo.offset;
  for (let i = 0; i < n; i++) {
    if (bits[start + i] === 0) continue;
    const row = i * n;
    energy += q[row + i];
    let coupled = 0;
    for (let j = i + 1; j < n; j++) {
      if (bits[start + j] !== 0) coupled += q[row + j];
    }
    energy += 2 * coupled;
  }
  return energy;
}

/** Number of non-zero couplings (i < j) of a QUBO: what a dense D-Wave problem carries. */
export function quboCouplerCount(qubo: Qubo): number {
  const { n, q } = qubo;
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (q[i * n + j] !== 0) count++;
  }
  return count;
}

/** Builds a Qubo from a symmetric matrix, checking its shape. */
export function makeQubo(n: number, q: Float64Array, offset = 0): Qubo {
  if (q.length !== n * n) {
    throw new RangeError(`QUBO matrix has ${q.length} entries, expected ${n} x ${n}`);
  }
  return { n, q, offset };
}
