/**
 * Test problems for the sampler tests: random dense QUBOs and planted problems whose unique
 * ground state is known by construction. Integer coefficients keep every energy exact.
 */
import { makeQubo, type Qubo, quboEnergy } from "../../lib/qubo.ts";
import { nextUint64, seedState } from "../../lib/random.ts";
import { makeStructuredQubo, type StructuredQubo } from "../../lib/structured_qubo.ts";

/** A small deterministic integer generator for building problems. */
export function intSource(seed: number): (lo: number, hi: number) => number {
  const state = seedState(seed, 12345);
  return (lo, hi) => lo + Math.floor((nextUint64(state) / 2 ** 64) * (hi - lo + 1)) % (hi - lo + 1);
}

/** Dense symmetric QUBO with integer entries in [-range, range]. */
export function randomQubo(n: number, seed: number, range = 10): Qubo {
  const next = intSource(seed);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) q[i * n + j] = q[j * n + i] = next(-range, range);
  }
  return makeQubo(n, q, next(-5, 5));
}

/**
 * A planted problem: E(b) = (b - z)^T A (b - z) with A = M^T M + I positive definite and integer,
 * so E >= 0 with equality only at b = z. Dense and frustrated, yet its ground state is z.
 */
export function plantedQubo(n: number, seed: number): { qubo: Qubo; ground: Uint8Array } {
  const next = intSource(seed);
  const ground = Uint8Array.from({ length: n }, () => next(0, 1));
  const m = new Float64Array(n * n).map(() => next(-2, 2));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) sum += m[k * n + i] * m[k * n + j];
      a[i * n + j] = sum;
    }
  }
  // b^T A b - 2 (A z)^T b + z^T A z, the linear part on the diagonal since b_i^2 = b_i.
  const q = Float64Array.from(a);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    let az = 0;
    for (let j = 0; j < n; j++) az += a[i * n + j] * ground[j];
    q[i * n + i] -= 2 * az;
    offset += ground[i] * az;
  }
  const qubo = makeQubo(n, q, offset);
  if (quboEnergy(qubo, ground) !== 0) throw new Error("planted problem is inconsistent");
  return { qubo, ground };
}

/** Every energy of a QUBO by plain enumeration (state index bit i = b_i), for n <= 16. */
export function allEnergies(qubo: Qubo): Float64Array {
  const n = qubo.n, total = 2 ** n;
  const energies = new Float64Array(total);
  const bits = new Uint8Array(n);
  for (let s = 0; s < total; s++) {
    for (let i = 0; i < n; i++) bits[i] = (s >>> i) & 1;
    energies[s] = quboEnergy(qubo, bits);
  }
  return energies;
}

/**
 * A structured class problem with integer data: H = M^T M + I, integer gradient, centre and box
 * corner, unit steps, so every energy is a multiple of 1/2 and exact in float64.
 */
export function randomStructured(width: number, bits: number, seed: number): StructuredQubo {
  const next = intSource(seed);
  const m = new Float64Array(width * width).map(() => next(-2, 2));
  const h = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < width; k++) sum += m[k * width + i] * m[k * width + j];
      h[i * width + j] = sum;
    }
  }
  const vector = (lo: number, hi: number) =>
    Float64Array.from({ length: width }, () => next(lo, hi));
  return makeStructuredQubo({
    h,
    gradient: vector(-20, 20),
    center: vector(-3, 3),
    lower: vector(-4, 0),
    step: new Float64Array(width).fill(1),
    bits,
  });
}

/**
 * A planted structured problem: zero gradient and a centre on the grid, so f(D) = D^T H D / 2
 * with H positive definite is 0 only at the centre's bits, the unique ground state.
 */
export function plantedStructured(
  width: number,
  bits: number,
  seed: number,
): { problem: StructuredQubo; ground: Uint8Array } {
  const base = randomStructured(width, bits, seed);
  const next = intSource(seed + 1000);
  const levels = Array.from({ length: width }, () => next(0, 2 ** bits - 1));
  const center = Float64Array.from(levels, (level, j) => base.lower[j] + level);
  const problem = makeStructuredQubo({
    ...base,
    gradient: new Float64Array(width),
    center,
  });
  const ground = new Uint8Array(width * bits);
  for (let j = 0; j < width; j++) {
    for (let k = 0; k < bits; k++) ground[k * width + j] = (levels[j] >> k) & 1;
  }
  return { problem, ground };
}
