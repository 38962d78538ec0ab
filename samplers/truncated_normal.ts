/**
 * Exact draws from a normal distribution truncated to an interval, for the heat-bath moves of
 * the structured kernel (weight_heat_bath.ts), by Robert's rejection samplers (Statistics and
 * Computing 5, 1995): a plain normal or a uniform proposal when the interval holds the mode, a
 * translated exponential (or uniform) proposal in a tail. Each accepts with probability bounded
 * away from 0, so a draw costs a few uniforms whatever the interval, even 1e6 sigmas out.
 */
import { nextWords, outHi, outLo } from "./rng_words.ts";

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const TWO_PI = 2 * Math.PI;
const TWO_26 = 67108864;
const TWO_53 = 9007199254740992;

/** A uniform double in the open interval (0, 1) from one xorshift128+ step (53 random bits). */
export function uniformOpen(rng: Int32Array): number {
  nextWords(rng);
  return ((outHi >>> 5) * TWO_26 + (outLo >>> 6) + 0.5) / TWO_53;
}

/**
 * Standard normal draws from one xorshift128+ stream, two per Box-Muller pair (the second kept
 * for the next call). Start a new one per read so that a read depends only on its own stream.
 */
export class NormalStream {
  private spare = 0;
  private hasSpare = false;

  constructor(readonly rng: Int32Array) {}

  /** One N(0, 1) draw. */
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const radius = Math.sqrt(-2 * Math.log(uniformOpen(this.rng)));
    const angle = TWO_PI * uniformOpen(this.rng);
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }
}

/**
 * A draw x of N(mu, sigma^2) conditioned on lo <= x <= hi (lo < hi, sigma > 0; either bound may
 * be infinite). In a tail the value is built from the near bound (lo + sigma t), not from mu,
 * so no precision is lost when mu lies far outside the interval.
 */
export function truncatedNormal(
  mu: number,
  sigma: number,
  lo: number,
  hi: number,
  normals: NormalStream,
): number {
  const a = (lo - mu) / sigma, b = (hi - mu) / sigma;
  const rng = normals.rng;
  let x: number;
  if (a >= 0) x = lo + sigma * tailOffset(a, b, rng);
  else if (b <= 0) x = hi - sigma * tailOffset(-b, -a, rng);
  else x = mu + sigma * centralDraw(a, b, normals);
  return x < lo ? lo : x > hi ? hi : x;
}

/** A standard normal z conditioned on a <= z <= b, where a < 0 < b. */
function centralDraw(a: number, b: number, normals: NormalStream): number {
  const rng = normals.rng;
  if (b - a < SQRT_2PI) {
    // Uniform proposal over a short interval: accept with the density relative to the mode.
    for (;;) {
      const z = a + (b - a) * uniformOpen(rng);
      if (uniformOpen(rng) <= Math.exp(-0.5 * z * z)) return z;
    }
  }
  // The interval holds at least half the mass: draw normals until one falls in.
  for (;;) {
    const z = normals.next();
    if (z >= a && z <= b) return z;
  }
}

/** z - a for a standard normal z conditioned on 0 <= a <= z <= b (b may be Infinity). */
function tailOffset(a: number, b: number, rng: Int32Array): number {
  // Robert's optimal rate for the translated exponential proposal.
  const rate = 0.5 * (a + Math.sqrt(a * a + 4));
  if (b - a < 2 / rate) {
    // An interval narrow against the tail's decay: uniform proposal, exp((a^2 - z^2) / 2).
    for (;;) {
      const t = (b - a) * uniformOpen(rng);
      const z = a + t;
      if (uniformOpen(rng) <= Math.exp(0.5 * (a - z) * (a + z))) return t;
    }
  }
  for (;;) {
    const t = -Math.log(uniformOpen(rng)) / rate;
    if (a + t > b) continue;
    const excess = a + t - rate;
    if (uniformOpen(rng) <= Math.exp(-0.5 * excess * excess)) return t;
  }
}
