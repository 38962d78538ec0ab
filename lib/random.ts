/**
 * The project's seeded pseudo-random generators, in one place. Each seeding is kept exactly as
 * it was when results and cache keys were first made with it (tests/random_test.ts pins the
 * first values of each), so the same seed always gives the same filters, splits and samples:
 *
 * - mulberry32 (32-bit state; tiny, fast, good enough for initialisation):
 *   - {@link SeededRandom}: random filters and SGD shuffles (seed ^ 0x6d2b79f5);
 *   - {@link seededRandom}: the data layer's stratified splits and subsampling (seed mixed
 *     once through a multiply, so neighbouring seeds give unrelated streams);
 * - xorshift128+ on 32-bit halves ({@link seedState}, {@link nextUint64}): the local samplers,
 *   as D-Wave's simulated annealer (dwave-samplers `cpu_sa.cpp`) uses it; samplers/rng.ts
 *   and samplers/rng_words.ts re-export this part for the samplers.
 */

/** One mulberry32 step on `state` (updated in place): the new state and a uint32 output. */
function mulberry32(state: { value: number }): number {
  const s = (state.value = (state.value + 0x6d2b79f5) | 0);
  let t = Math.imul(s ^ (s >>> 15), s | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform in [0, 1) from a uint32. */
function unit(u: number): number {
  return u / 4294967296;
}

/**
 * mulberry32 seeded with `seed ^ 0x6d2b79f5`: uniform, normal, bounded integers and shuffles.
 *
 * @example
 * ```ts
 * import { SeededRandom } from "./random.ts";
 * const a = new SeededRandom(7), b = new SeededRandom(7);
 * if (a.next() !== b.next()) throw new Error("one seed, one stream");
 * ```
 */
export class SeededRandom {
  private readonly state: { value: number };
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.state = { value: (seed >>> 0) ^ 0x6d2b79f5 };
  }

  /** Uniform in [0, 1). */
  next(): number {
    return unit(mulberry32(this.state));
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal;
      this.spareNormal = undefined;
      return value;
    }
    let u = this.next();
    while (u <= Number.MIN_VALUE) u = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    return shuffleInPlace(array, () => this.next());
  }
}

/**
 * A generator of uniform floats in [0, 1) from a 32-bit seed (mulberry32, the seed mixed once
 * so that small neighbouring seeds give unrelated streams): the data layer's seeding.
 */
export function seededRandom(seed: number): () => number {
  const state = {
    value: (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 0x6d2b79f5,
  };
  return () => unit(mulberry32(state));
}

/** Shuffles `items` in place (Fisher-Yates) with `random`, and returns it. */
export function shuffleInPlace<T extends { [i: number]: number; length: number }>(
  items: T,
  random: () => number,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

// xorshift128+ (the samplers). Outputs are full 64-bit values, so the Metropolis test
// `exp(-beta * delta) * 2^64 > r` has the same 2^-64 resolution as neal's, which is what makes
// its skip rule (delta >= 44.36142 / beta) exact. The annealing kernels inline the same step
// on local variables; tests check the two agree.

/** 2^32 as a double. */
export const TWO_32 = 4294967296;
/** 2^64 as a double: neal's RANDMAX, (uint64)-1, converted to double. */
export const TWO_64 = 18446744073709551616;

/** State words of one stream: [s0 high, s0 low, s1 high, s1 low], each an int32. */
export type RngState = Int32Array;

/** Largest seed accepted: seeds are uint32. */
export const MAX_SEED = 0xffffffff;

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * State of stream `stream` (for example the read index) of seed `seed`: every read gets its own
 * well-mixed stream, so read r of a run does not depend on how many reads came before it and the
 * reads can be split between workers without changing any sample.
 */
export function seedState(seed: number, stream = 0): RngState {
  const state = new Int32Array(4);
  let h = fmix32((seed >>> 0) ^ 0x5bd1e995);
  h = fmix32(h ^ Math.imul(stream >>> 0, 0x9e3779b9) ^ ((stream / TWO_32) >>> 0));
  for (let w = 0; w < 4; w++) {
    h = fmix32((h + 0x9e3779b9) | 0);
    state[w] = h;
  }
  // xorshift128+ must not start from the all-zero state.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[3] = 1;
  return state;
}

/** High and low uint32 halves of the last output of {@link nextWords} (live bindings). */
export let outHi = 0, outLo = 0;

/**
 * One xorshift128+ step on `state` (updated in place), leaving the 64-bit output's uint32
 * halves in {@link outHi} and {@link outLo}: the annealing kernels' general paths (random
 * order, Gibbs, level moves) draw it in neal's way. The hot Metropolis loops inline the step.
 */
export function nextWords(state: RngState): void {
  let xh = state[0], xl = state[1];
  const yh = state[2], yl = state[3];
  state[0] = yh;
  state[1] = yl;
  // x ^= x << 23
  xh ^= (xh << 23) | (xl >>> 9);
  xl ^= xl << 23;
  // s1 = x ^ y ^ (x >> 17) ^ (y >> 26)
  const sh = xh ^ yh ^ (xh >>> 17) ^ (yh >>> 26);
  const sl = xl ^ yl ^ ((xl >>> 17) | (xh << 15)) ^ ((yl >>> 26) | (yh << 6));
  state[2] = sh;
  state[3] = sl;
  // out = s1 + y (mod 2^64)
  const lo = (sl >>> 0) + (yl >>> 0);
  outHi = (sh + yh + (lo >= TWO_32 ? 1 : 0)) >>> 0;
  outLo = lo >>> 0;
}

/**
 * An index in [0, n) as neal draws a variable in random order: rand % n on one 64-bit output of
 * {@link nextWords}, computed exactly from its uint32 halves.
 */
export function nextIndex(state: RngState, n: number): number {
  nextWords(state);
  return ((outHi % n) * (TWO_32 % n) + (outLo % n)) % n;
}

/**
 * One xorshift128+ step on `state` (updated in place). Returns the 64-bit output as a double,
 * rounded to nearest like C's uint64 to double conversion, in [0, 2^64].
 */
export function nextUint64(state: RngState): number {
  nextWords(state);
  return outHi * TWO_32 + outLo;
}

/** Uniform double in [0, 1) from the top 53 bits of one 64-bit output. */
export function nextFloat(state: RngState): number {
  const u = nextUint64(state);
  // u may round up to 2^64; clamp so the result stays below 1.
  const f = Math.floor(u / 2048) / 9007199254740992;
  return f < 1 ? f : 1 - 2 ** -53;
}

/** Fills `bits` with uniform random 0/1 values, 64 per generator step. */
export function fillRandomBits(state: RngState, bits: Uint8Array): void {
  const n = bits.length;
  for (let i = 0; i < n; i += 64) {
    nextWords(state);
    const end = Math.min(64, n - i);
    for (let k = 0; k < end; k++) {
      const word = k < 32 ? outLo : outHi;
      bits[i + k] = (word >>> (k & 31)) & 1;
    }
  }
}

/** A fresh uint32 seed from the platform's cryptographic generator (reported so runs reproduce). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
