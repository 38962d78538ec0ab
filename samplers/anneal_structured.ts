/**
 * The structured simulated-annealing kernel (DESIGN.md 1.2): one read on a class QUBO kept as
 * its surrogate f(D) = g^T D + 1/2 D^T H D and K-bit box, in place, allocation-free.
 *
 * It is the dense kernel's Markov chain (anneal.ts): the same visit order over the n = width K
 * bits (bit-plane major), the same Metropolis and Gibbs rules, skip threshold and RNG stream.
 * Only the bookkeeping differs. Flipping bit k of weight j moves w_j by dw = +-2^k step_j and
 * changes the energy by
 *   dE = dw (g_j + r_j) + 1/2 H_jj dw^2,   r = H (w - w_t),
 * an O(1) attempt; an accepted flip adds dw H[j, :] to the slope g + r, O(width) where the dense
 * kernel updates n local fields from an n x n matrix. H (width^2 doubles) stays in cache.
 *
 * "level" moves (not a QUBO chain, a classical extension): after each sweep of bit flips, every
 * weight is offered one change of its integer level by +-2^u (u uniform in [0, K)) with carries,
 * accepted by the same rule. Offset binary has carry barriers (0111 -> 1000 is four uphill bit
 * flips); a level move crosses one in a single step.
 *
 * "weight" moves (also not the QUBO chain): each visit draws one weight's level from its
 * conditional distribution given the others, Metropolis-corrected where that is cheaper than an
 * exact draw (weight_heat_bath.ts), O(width) per visit.
 */
import type { StructuredQubo } from "../lib/structured_qubo.ts";
import {
  addScaledRow,
  type Proposal,
  SKIP_LOG_THRESHOLD,
  type SweepHook,
  type VisitOrder,
} from "./anneal.ts";
import { nextIndex, nextWords, outHi, outLo } from "./rng_words.ts";
import { writeLevelSigns } from "./level_signs.ts";
import { weightHeatBath } from "./weight_heat_bath.ts";

const TWO_32 = 4294967296;
const TWO_64 = 18446744073709551616;

/**
 * Moves of the structured kernel: "bit" (the QUBO chain), "level" (bit flips + level moves) or
 * "weight" (a heat bath on each weight's level, weight_heat_bath.ts).
 */
export type MoveSet = "bit" | "level" | "weight";

/** Scratch arrays of one structured kernel call, reused across reads of one problem. */
export interface StructuredWork {
  /** s_i = 1 - 2 b_i (+1 or -1), per bit. */
  readonly sign: Float64Array;
  /** 2^k step_j: how far bit i = k * width + j moves its weight. */
  readonly unit: Float64Array;
  /** g + H (w - w_t), per weight. */
  readonly slope: Float64Array;
  /** H_jj / 2, per weight. */
  readonly halfDiagonal: Float64Array;
  /** The weight of each bit (i mod width). */
  readonly weightOf: Int32Array;
  /** 2^k: how far bit i = k * width + j moves its weight's integer level. */
  readonly power: Float64Array;
  /** Integer level of each weight (used by level moves). */
  readonly level: Float64Array;
  /** w - w_t of the initial state. */
  readonly displacement: Float64Array;
}

/** Scratch arrays for one structured problem (allocate once per problem). */
export function makeStructuredWork(problem: StructuredQubo): StructuredWork {
  const { width, bits, step, h } = problem;
  const n = width * bits;
  const unit = new Float64Array(n);
  const power = new Float64Array(n);
  const weightOf = new Int32Array(n);
  for (let k = 0; k < bits; k++) {
    const scale = 2 ** k;
    for (let j = 0; j < width; j++) {
      unit[k * width + j] = scale * step[j];
      power[k * width + j] = scale;
      weightOf[k * width + j] = j;
    }
  }
  const halfDiagonal = new Float64Array(width);
  for (let j = 0; j < width; j++) halfDiagonal[j] = 0.5 * h[j * width + j];
  return {
    sign: new Float64Array(n),
    unit,
    slope: new Float64Array(width),
    halfDiagonal,
    weightOf,
    power,
    level: new Float64Array(width),
    displacement: new Float64Array(width),
  };
}

/**
 * Anneals one read in place: `bits` (n bytes, 0/1) holds the initial state and receives the
 * final one; `rng` (xorshift128+ state, rng.ts) advances exactly as in the dense kernel for
 * "bit" moves. Returns the number of accepted moves.
 */
export function annealStructuredRead(
  problem: StructuredQubo,
  bits: Uint8Array,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  work: StructuredWork,
  order: VisitOrder = "sequential",
  proposal: Proposal = "metropolis",
  moves: MoveSet = "bit",
  afterSweep?: SweepHook,
): number {
  const { width, h, gradient, center, lower, step } = problem;
  const n = problem.n;
  const { sign, slope, level, displacement, weightOf, power } = work;
  level.fill(0);
  for (let i = 0; i < n; i++) {
    sign[i] = bits[i] === 0 ? 1 : -1;
    if (bits[i] !== 0) level[weightOf[i]] += power[i];
  }
  // slope = g + H (w - w_t), w decoded from the initial bits.
  for (let j = 0; j < width; j++) displacement[j] = lower[j] + step[j] * level[j] - center[j];
  for (let i = 0; i < width; i++) {
    const row = i * width;
    let sum = 0;
    for (let j = 0; j < width; j++) sum += h[row + j] * displacement[j];
    slope[i] = gradient[i] + sum;
  }
  let accepted: number;
  if (moves === "weight") {
    accepted = weightHeatBath(problem, schedule, sweepsPerBeta, rng, work, order, afterSweep);
  } else if (moves === "level") {
    accepted = levelMoves(
      problem,
      schedule,
      sweepsPerBeta,
      rng,
      work,
      order,
      proposal,
      afterSweep,
    );
  } else if (order === "sequential" && proposal === "metropolis") {
    accepted = metropolisSequential(problem, schedule, sweepsPerBeta, rng, work, afterSweep);
  } else {
    accepted = 0;
    for (let t = 0; t < schedule.length; t++) {
      for (let sweep = 0; sweep < sweepsPerBeta; sweep++) {
        accepted += generalSweep(problem, schedule[t], rng, work, order, proposal, false);
        if (afterSweep !== undefined) afterSweep();
      }
    }
  }
  for (let i = 0; i < n; i++) bits[i] = sign[i] < 0 ? 1 : 0;
  return accepted;
}

/** The default and hot path: sequential order, Metropolis acceptance, bit moves. */
function metropolisSequential(
  problem: StructuredQubo,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  work: StructuredWork,
  afterSweep: SweepHook | undefined,
): number {
  const { width, bits, h } = problem;
  const { sign, unit, slope, halfDiagonal } = work;
  // xorshift128+ state in locals (int32 halves): s0 = (ah, al), s1 = (bh, bl).
  let ah = rng[0], al = rng[1], bh = rng[2], bl = rng[3];
  let accepted = 0;
  for (let t = 0; t < schedule.length; t++) {
    const beta = schedule[t];
    const minusBeta = -beta;
    const threshold = SKIP_LOG_THRESHOLD / beta;
    for (let sweep = 0; sweep < sweepsPerBeta; sweep++) {
      let i = 0;
      for (let k = 0; k < bits; k++) {
        for (let j = 0; j < width; j++, i++) {
          const s = sign[i];
          const dw = s * unit[i];
          const delta = dw * (slope[j] + halfDiagonal[j] * dw);
          if (delta >= threshold) continue;
          if (delta > 0) {
            // One xorshift128+ step (rng.ts nextUint64), inlined for speed as in anneal.ts.
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
          // Accept: w_j moves by dw, so the slope g + H D moves by dw H[j, :].
          addScaledRow(slope, h, j * width, dw, width);
          sign[i] = -s;
          accepted++;
        }
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

/** Whether a move of energy change `delta` is taken at `beta`, drawing as the dense kernel does. */
function accept(delta: number, beta: number, rng: Int32Array, gibbs: boolean): boolean {
  if (gibbs) {
    nextWords(rng);
    return TWO_64 > (outHi * TWO_32 + outLo) * (1 + Math.exp(delta * beta));
  }
  if (delta <= 0) return true;
  nextWords(rng);
  return Math.exp(-delta * beta) * TWO_64 > outHi * TWO_32 + outLo;
}

/**
 * One sweep of n bit-flip attempts in random and/or Gibbs mode (neal's other variants), with the
 * draws of anneal.ts's general path. With `trackLevels` it keeps work.level in step.
 */
function generalSweep(
  problem: StructuredQubo,
  beta: number,
  rng: Int32Array,
  work: StructuredWork,
  order: VisitOrder,
  proposal: Proposal,
  trackLevels: boolean,
): number {
  const { width, h, n } = problem;
  const { sign, unit, slope, halfDiagonal, weightOf, level, power } = work;
  const randomOrder = order === "random";
  const gibbs = proposal === "gibbs";
  const threshold = SKIP_LOG_THRESHOLD / beta;
  let accepted = 0;
  for (let k = 0; k < n; k++) {
    let i = k;
    if (randomOrder) i = nextIndex(rng, n);
    const j = weightOf[i];
    const s = sign[i];
    const dw = s * unit[i];
    const delta = dw * (slope[j] + halfDiagonal[j] * dw);
    if (delta >= threshold) continue;
    if (!accept(delta, beta, rng, gibbs)) continue;
    addScaledRow(slope, h, j * width, dw, width);
    sign[i] = -s;
    if (trackLevels) level[j] += s * power[i];
    accepted++;
  }
  return accepted;
}

/** Bit sweeps (any order and rule) each followed by one level move per weight. */
function levelMoves(
  problem: StructuredQubo,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  work: StructuredWork,
  order: VisitOrder,
  proposal: Proposal,
  afterSweep: SweepHook | undefined,
): number {
  const { width, bits, h, step } = problem;
  const { sign, slope, halfDiagonal, level } = work;
  const gibbs = proposal === "gibbs";
  const top = 2 ** bits - 1;
  let accepted = 0;
  for (let t = 0; t < schedule.length; t++) {
    const beta = schedule[t];
    const threshold = SKIP_LOG_THRESHOLD / beta;
    for (let sweep = 0; sweep < sweepsPerBeta; sweep++) {
      accepted += generalSweep(problem, beta, rng, work, order, proposal, true);
      for (let j = 0; j < width; j++) {
        // One draw picks the size 2^u (high word) and the direction (low bit).
        nextWords(rng);
        const size = 2 ** (outHi % bits);
        const change = (outLo & 1) === 0 ? size : -size;
        const next = level[j] + change;
        if (next < 0 || next > top) continue;
        const dw = change * step[j];
        const delta = dw * (slope[j] + halfDiagonal[j] * dw);
        if (delta >= threshold) continue;
        if (!accept(delta, beta, rng, gibbs)) continue;
        addScaledRow(slope, h, j * width, dw, width);
        level[j] = next;
        writeLevelSigns(sign, width, bits, j, next);
        accepted++;
      }
      if (afterSweep !== undefined) afterSweep();
    }
  }
  return accepted;
}
