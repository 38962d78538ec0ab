/**
 * "weight" moves of the structured kernel: a heat bath on each weight's integer level.
 *
 * With the other weights held, the energy of weight j at level L = L0 + x is
 *   dE(x) = x a + 1/2 c x^2,   a = step_j (g + H (w - w_t))_j,   c = step_j^2 H_jj,
 * so its Boltzmann distribution at beta over the levels 0..2^K - 1 is a discrete Gaussian with
 * mean L0 - a / c and deviation sigma = 1 / sqrt(beta c), truncated to the box. A visit draws the
 * new level from it: the K bit flips of one weight and every carry between them become one
 * draw, and the slope is updated once (one row of H, O(width)) instead of once per accepted bit
 * flip. A sweep costs O(width^2) whatever K, against O(n width) for bit flips. The chain leaves
 * the QUBO's Boltzmann distribution over the same bit strings invariant (detailed balance by
 * weight, not by bit).
 *
 * Below sigma = 1 the few levels within 8 sigma of the mode are enumerated: an exact draw.
 * Above it, enumeration would cost sigma, so the level is proposed from a continuous normal
 * truncated to [-1/2, 2^K - 1/2] and rounded, and a Metropolis-Hastings test makes the step
 * exact: the rounded normal's pmf differs from the discrete Gaussian's by a relative
 * (L - mean)^2 / (24 sigma^4) or so. The test compares joint densities of (level, offset from
 * the level) with a fresh uniform offset for the current level, which needs no erf:
 *   w(L, t) = phi(L - mean) / phi(L + t - mean) = exp((2 (L - mean) t + t^2) / (2 sigma^2)),
 *   accept with min(1, w(L', t') / w(L0, t)),  t ~ U(-1/2, 1/2),  t' = x' - L'.
 * It accepts nearly always once sigma is a few levels (at sigma = 1, about 80%).
 */
import type { StructuredQubo } from "../lib/structured_qubo.ts";
import { addScaledRow, type SweepHook, type VisitOrder } from "./anneal.ts";
import { writeLevelSigns } from "./level_signs.ts";
import { nextIndex } from "./rng_words.ts";
import { NormalStream, truncatedNormal, uniformOpen } from "./truncated_normal.ts";
import type { StructuredWork } from "./anneal_structured.ts";

/** Below this deviation (in levels) the conditional is enumerated rather than rounded. */
const ENUMERATE_BELOW_SIGMA = 1;
/**
 * Levels either side of the mode enumerated when sigma < 1: 8 sigma past the mean (which lies
 * within half a level of the mode), beyond which the mass is below 1e-14.
 */
const WINDOW = 9;

/**
 * Heat-bath sweeps over the weights for the whole schedule (sweepsPerBeta sweeps per beta).
 * work.level and work.slope must describe the initial state and stay in step; work.sign is
 * written from the final levels at the end (so `afterSweep`, the energy trace's hook, reads
 * work.level). Returns the number of visits that changed a level.
 */
export function weightHeatBath(
  problem: StructuredQubo,
  schedule: Float64Array,
  sweepsPerBeta: number,
  rng: Int32Array,
  work: StructuredWork,
  order: VisitOrder,
  afterSweep?: SweepHook,
): number {
  const { width, bits, h, step } = problem;
  const { slope, level, sign } = work;
  const top = 2 ** bits - 1;
  const normals = new NormalStream(rng);
  const weights = new Float64Array(2 * WINDOW + 1);
  let changed = 0;
  for (let t = 0; t < schedule.length; t++) {
    const beta = schedule[t];
    for (let sweep = 0; sweep < sweepsPerBeta; sweep++) {
      for (let visit = 0; visit < width; visit++) {
        const j = order === "random" ? nextIndex(rng, width) : visit;
        const stepJ = step[j];
        const a = stepJ * slope[j];
        const c = stepJ * stepJ * h[j * width + j];
        const current = level[j];
        let next: number;
        if (!(c > 0)) {
          // A flat direction (zero curvature): the conditional is exponential in the level.
          next = linearDraw(a * beta, top, rng);
        } else {
          const mean = current - a / c;
          const sigma = 1 / Math.sqrt(beta * c);
          next = sigma < ENUMERATE_BELOW_SIGMA
            ? enumeratedDraw(mean, sigma, top, rng, weights)
            : roundedNormalStep(mean, sigma, current, top, normals);
        }
        if (next === current) continue;
        addScaledRow(slope, h, j * width, (next - current) * stepJ, width);
        level[j] = next;
        changed++;
      }
      if (afterSweep !== undefined) afterSweep();
    }
  }
  // The bits only matter at the end: offset binary of each final level.
  for (let j = 0; j < width; j++) writeLevelSigns(sign, width, bits, j, level[j]);
  return changed;
}

/**
 * One Metropolis-Hastings step on the level from the rounded truncated normal proposal (see the
 * module comment): the proposed level, or `current` when the test refuses it.
 */
function roundedNormalStep(
  mean: number,
  sigma: number,
  current: number,
  top: number,
  normals: NormalStream,
): number {
  const x = truncatedNormal(mean, sigma, -0.5, top + 0.5, normals);
  let proposed = Math.round(x);
  if (proposed < 0) proposed = 0;
  else if (proposed > top) proposed = top;
  const offset = x - proposed;
  const currentOffset = uniformOpen(normals.rng) - 0.5;
  const logRatio = ((2 * (proposed - mean) + offset) * offset -
    (2 * (current - mean) + currentOffset) * currentOffset) / (2 * sigma * sigma);
  if (logRatio >= 0 || uniformOpen(normals.rng) < Math.exp(logRatio)) return proposed;
  return current;
}

/** A level drawn from the levels within WINDOW of the box's point nearest `mean`. */
function enumeratedDraw(
  mean: number,
  sigma: number,
  top: number,
  rng: Int32Array,
  weights: Float64Array,
): number {
  const mode = Math.min(top, Math.max(0, Math.round(mean)));
  const reach = Math.min(WINDOW, Math.ceil(8 * sigma + 0.5));
  const first = Math.max(0, mode - reach), last = Math.min(top, mode + reach);
  // Weights relative to the mode's (the largest: the density is unimodal), by the recurrence
  // w(L + 1) / w(L) = exp(-(2 (L - mean) + 1) / (2 sigma^2)), whose ratio changes by the
  // constant factor exp(-1 / sigma^2) per level: three exp calls instead of one per level.
  const inverseVariance = 1 / (sigma * sigma);
  const shrink = Math.exp(-inverseVariance);
  const offset = mode - mean;
  weights[mode - first] = 1;
  let total = 1;
  let weight = 1, ratio = Math.exp(-(2 * offset + 1) * 0.5 * inverseVariance);
  for (let level = mode + 1; level <= last; level++) {
    weight *= ratio;
    ratio *= shrink;
    weights[level - first] = weight;
    total += weight;
  }
  weight = 1;
  ratio = Math.exp((2 * offset - 1) * 0.5 * inverseVariance);
  for (let level = mode - 1; level >= first; level--) {
    weight *= ratio;
    ratio *= shrink;
    weights[level - first] = weight;
    total += weight;
  }
  let u = uniformOpen(rng) * total;
  for (let level = first; level < last; level++) {
    u -= weights[level - first];
    if (u <= 0) return level;
  }
  return last;
}

/**
 * A level from p(L) proportional to exp(-slope L) on 0..top (the conditional when the curvature
 * vanishes), by inverting the geometric distribution truncated to the box.
 */
function linearDraw(slope: number, top: number, rng: Int32Array): number {
  const u = uniformOpen(rng);
  if (slope === 0) return Math.min(top, Math.floor(u * (top + 1)));
  // Counted from the favoured end, the level is geometric: p(m) ~ r^m, log r = -|slope|.
  const logRatio = -Math.abs(slope);
  const span = top + 1;
  const offset = Math.floor(Math.log1p(u * Math.expm1(span * logRatio)) / logRatio);
  const fromEnd = Math.min(span - 1, Math.max(0, offset));
  return slope > 0 ? fromEnd : top - fromEnd;
}
