/**
 * QUBO <-> Ising conversion (SAPI.md section 3.3). With b = (s + 1) / 2 and our symmetric QUBO
 * (coupling 2 Q[i][j] for i < j): h_i = Q_ii / 2 + sum_{j != i} Q_ij / 2, J_ij = Q_ij / 2,
 * offset = c + sum_i Q_ii / 2 + sum_{i<j} Q_ij / 2.
 */
import type { Qubo } from "../../lib/qubo.ts";

/** A dense Ising model: E(s) = sum h_i s_i + sum_{i<j} J_ij s_i s_j + offset, s in {-1, +1}. */
export interface IsingModel {
  readonly n: number;
  readonly h: Float64Array;
  /** n x n, only the upper triangle (i < j) is read. */
  readonly j: Float64Array;
  readonly offset: number;
}

/** The Ising model with the same energy as a QUBO at s = 2 b - 1. */
export function quboToIsing(qubo: Qubo): IsingModel {
  const { n, q } = qubo;
  const h = new Float64Array(n);
  const j = new Float64Array(n * n);
  let offset = qubo.offset;
  for (let a = 0; a < n; a++) {
    const diagonal = q[a * n + a];
    h[a] += diagonal / 2;
    offset += diagonal / 2;
    for (let b = a + 1; b < n; b++) {
      const coupling = (q[a * n + b] + q[b * n + a]) / 4; // upper-triangular coupling / 4
      if (coupling === 0) continue;
      j[a * n + b] = coupling;
      h[a] += coupling;
      h[b] += coupling;
      offset += coupling;
    }
  }
  return { n, h, j, offset };
}

/** Energy of a spin vector (spins as -1/+1 Int8). */
export function isingEnergy(model: IsingModel, spins: Int8Array): number {
  const { n, h, j } = model;
  let energy = model.offset;
  for (let a = 0; a < n; a++) {
    energy += h[a] * spins[a];
    let coupled = 0;
    for (let b = a + 1; b < n; b++) coupled += j[a * n + b] * spins[b];
    energy += coupled * spins[a];
  }
  return energy;
}
