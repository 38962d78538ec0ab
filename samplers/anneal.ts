/**
 * The simulated-annealing kernel: one read on a dense QUBO, in place, allocation-free.
 *
 * It follows D-Wave's neal (dwave-samplers `cpu_sa.cpp`): sequential (or random) variable order,
 * Metropolis (or Gibbs) acceptance, one beta per group of sweeps, the energy change of every
 * variable kept up to date so an attempt costs O(1) and an accepted flip O(n), and variables
 * whose change is at least 44.36142 / beta skipped without drawing a random number (a 64-bit
 * draw could accept them only with probability below 2^-64).
 *
 * It anneals the bits directly: flipping b_i changes b^T Q b by s_i f_i, with s_i = 1 - 2 b_i and
 * f_i = Q_ii + 2 sum_{j != i} Q_ij b_j (the same number as in spin form). The kernel keeps f and
 * s as Float64Arrays, so an accepted flip of k is one pass f += 2 s_k Q[k, :] over a contiguous
 * row (the fastest loop V8 can run) and an attempt is one multiply.
 */

import { nextIndex, nextWords, outHi, outLo } from "./rng_words.ts";

/** 44.36142 > ln(2^64): neal's skip threshold times beta. */
export const SKIP_LOG_THRESHOLD = 44.36142;

const TWO_32 = 4294967296;
const TWO_64 = 18446744073709551616;

/**
 * How variables are visited within a sweep: "sequential" is 0, 1, ..., n - 1 every sweep (neal's
 * default); "random" is n uniformly drawn variables per sweep (neal's randomize_order).
 */
export type VisitOrder = "sequential" | "random";

/**
 * Acceptance rule of a proposed flip: "metropolis" accepts with probability
 * min(1, exp(-beta delta)) (neal's default); "gibbs" with 1 / (1 + exp(beta delta)) (heat bath).
 */
export type Proposal = "metropolis" | "gibbs";

/**
 * Optional hook called after every sweep (opt-in energy traces, sa.ts): it may read the work
 * arrays but must not change them. It touches neither the state nor the RNG, so a read with a
 * hook runs the same chain as one without.
 */
export type SweepHook = () => void;

/** Scratch arrays of one kernel call, reused across reads (allocate once per problem size). */
export interface AnnealWork {
  /** f_i = Q_ii + 2 sum_{j != i} Q_ij b_j. */
  readonly field: Float64Array;
  /** s_i = 1 - 2 b_i (+1 or -1). */
  readonly sign: Float64Array;
}

/** Scratch arrays for problems of n variables (allocate once per problem size). */
export function makeAnnealWork(n: number): AnnealWork {
  return { field: new Float64Array(n), sign: new Float64Array(n) };
}

/**
 * Anneals one read in place: `bits` (n bytes, 0/1) holds the initial state and receives the
 * final one; `rng` (xorshift128+ state, see rng.ts) advances. Runs `sweepsPerBeta` sweeps at
 * each beta of `schedule`. Returns the number of accepted flips.
 */
export function annealRead(
  q: Float64Array,
  n: number,
  bits: Uint8Array,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  work: AnnealWork,
  order: VisitOrder = "sequential",
  proposal: Proposal = "metropolis",
  afterSweep?: SweepHook,
): number {
  const field = work.field, sign = work.sign;
  for (let i = 0; i < n; i++) sign[i] = bits[i] === 0 ? 1 : -1;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let coupled = 0;
    for (let j = 0; j < n; j++) if (bits[j] !== 0 && j !== i) coupled += q[row + j];
    field[i] = q[row + i] + 2 * coupled;
  }
  const accepted = order === "sequential" && proposal === "metropolis"
    ? metropolisSequential(q, n, schedule, sweepsPerBeta, rng, field, sign, afterSweep)
    : general(q, n, schedule, sweepsPerBeta, rng, field, sign, order, proposal, afterSweep);
  for (let i = 0; i < n; i++) bits[i] = sign[i] < 0 ? 1 : 0;
  return accepted;
}

/** The default and hot path: sequential order, Metropolis acceptance. */
function metropolisSequential(
  q: Float64Array,
  n: number,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  field: Float64Array,
  sign: Float64Array,
  afterSweep: SweepHook | undefined,
): number {
  // xorshift128+ state in locals (int32 halves): s0 = (ah, al), s1 = (bh, bl).
  let ah = rng[0], al = rng[1], bh = rng[2], bl = rng[3];
  let accepted = 0;
  const betas = schedule.length;
  for (let t = 0; t < betas; t++) {
    const beta = schedule[t];
    const minusBeta = -beta;
    const threshold = SKIP_LOG_THRESHOLD / beta;
    for (let sweep = 0; sweep < sweepsPerBeta; sweep++) {
      for (let i = 0; i < n; i++) {
        const s = sign[i];
        const delta = s * field[i];
        if (delta >= threshold) continue;
        if (delta > 0) {
          // One xorshift128+ step (see rng.ts nextUint64), inlined for speed.
          let xh = ah, xl = al;
          ah = bh;
          al = bl;
          xh ^= (xh << 23) | (xl >>> 9);
          xl ^= xl << 23;
          const yh = ah, yl = al;
          bh = xh ^ yh ^ (xh >>> 17) ^ (yh >>> 26);
          bl = xl ^ yl ^ ((xl >>> 17) | (xh << 15)) ^ ((yl >>> 26) | (yh << 6));
          const lo = (bl >>> 0) + (yl >>> 0);
          const r = ((bh + yh + (lo >= TWO_32 ? 1 : 0)) >>> 0) * TWO_32 + (lo >>> 0);
          if (Math.exp(minusBeta * delta) * TWO_64 <= r) continue;
        }
        // Accept: b_i changes by s, so every f_j (j != i) changes by 2 s Q_ij.
        const fi = field[i];
        addScaledRow(field, q, i * n, 2 * s, n);
        field[i] = fi;
        sign[i] = -s;
        accepted++;
      }
      if (afterSweep !== undefined) afterSweep();
    }
  }
  rng[0] = ah;
  rng[1] = al;
  rng[2] = bh;
  rng[3] = bl;
  return accepted;
}

/** Random order and/or Gibbs acceptance (neal's other variants); not the hot path. */
function general(
  q: Float64Array,
  n: number,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  field: Float64Array,
  sign: Float64Array,
  order: VisitOrder,
  proposal: Proposal,
  afterSweep: SweepHook | undefined,
): number {
  const randomOrder = order === "random";
  const gibbs = proposal === "gibbs";
  let accepted = 0;
  for (let t = 0; t < schedule.length; t++) {
    const beta = schedule[t];
    const threshold = SKIP_LOG_THRESHOLD / beta;
    for (let sweep = 0; sweep < sweepsPerBeta; sweep++) {
      for (let k = 0; k < n; k++) {
        let i = k;
        if (randomOrder) i = nextIndex(rng, n);
        const s = sign[i];
        const delta = s * field[i];
        if (delta >= threshold) continue;
        let flip: boolean;
        if (gibbs) {
          nextWords(rng);
          flip = TWO_64 > (outHi * TWO_32 + outLo) * (1 + Math.exp(delta * beta));
        } else if (delta <= 0) {
          flip = true;
        } else {
          nextWords(rng);
          flip = Math.exp(-delta * beta) * TWO_64 > outHi * TWO_32 + outLo;
        }
        if (!flip) continue;
        const fi = field[i];
        addScaledRow(field, q, i * n, 2 * s, n);
        field[i] = fi;
        sign[i] = -s;
        accepted++;
      }
      if (afterSweep !== undefined) afterSweep();
    }
  }
  return accepted;
}

/**
 * field[j] += c * q[row + j] for j < n: the O(n) cost of an accepted flip and the hot loop of
 * the whole project. Unrolled by four, which V8 runs about 15% faster than the plain loop.
 */
export function addScaledRow(
  field: Float64Array,
  q: Float64Array,
  row: number,
  c: number,
  n: number,
): void {
  let j = 0;
  for (const end = n - 3; j < end; j += 4) {
    const k = row + j;
    field[j] += c * q[k];
    field[j + 1] += c * q[k + 1];
    field[j + 2] += c * q[k + 2];
    field[j + 3] += c * q[k + 3];
  }
  for (; j < n; j++) field[j] += c * q[row + j];
}
