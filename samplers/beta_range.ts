/**
 * Inverse-temperature (beta) ranges for simulated annealing: neal's default rule, and the
 * problem-sized default this project uses when the caller gives no betaRange.
 */
import type { Qubo } from "../lib/qubo.ts";
import { type StructuredQubo, structuredToDense } from "../lib/structured_qubo.ts";

/** [hot, cold]: the first and last beta of an anneal (hot < cold). */
export type BetaRange = readonly [number, number];

/** Names of the rules that pick a beta range when the caller gives none. */
export type BetaRangeRule = "typical-flip" | "neal";

/** The rule used when neither betaRange nor betaRangeRule is given. */
export const DEFAULT_BETA_RANGE_RULE: BetaRangeRule = "typical-flip";

/**
 * Relative floor of the typical-flip rule: variables whose typical flip energy is below this
 * fraction of the largest one do not set the cold end. 1e-6 keeps every bit plane of a K <= 20
 * offset-binary weight whose flip energy scales like 2^k, and ignores coefficients that only
 * rounding or very deep bit planes produce.
 */
export const TYPICAL_FLIP_FLOOR = 1e-6;

/** neal's target probability of any excitation on the final sweep. */
const EXCITATION_RATE = 0.01;

/** neal's fallback when every bias is zero (every state has the same energy). */
const NULL_RANGE: BetaRange = [0.1, 1];

/**
 * Hot end shared by both rules, neal's: ln 2 / (2 max_i (|h_i| + sum_j |J_ij|)) on the Ising form,
 * so the largest possible flip is still accepted with probability 1/2 on the first sweep.
 * Returns 0 when the QUBO has no bias at all.
 */
function nealHotBeta(qubo: Qubo): number {
  const { n, q } = qubo;
  let maxField = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    // Ising form of E = b^T Q b: h_i = Q_ii/2 + sum_{j != i} Q_ij/2, J_ij = Q_ij/2 (i < j).
    let h = q[row + i] / 2;
    let sumAbsJ = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      h += q[row + j] / 2;
      sumAbsJ += Math.abs(q[row + j] / 2);
    }
    const field = Math.abs(h) + sumAbsJ;
    if (field > maxField) maxField = field;
  }
  return maxField === 0 ? 0 : Math.log(2) / (2 * maxField);
}

/**
 * neal's default beta range (dwave-samplers `_default_ising_beta_range`) on the Ising form of
 * the QUBO: hot end ln 2 / (2 max_i (|h_i| + sum_j |J_ij|)); cold end ln(n_min / 0.01) / (2 m),
 * with m the smallest non-zero |bias| (h or J) touching a spin and n_min the number of spins
 * whose smallest bias equals m. All-zero problems get neal's fallback [0.1, 1].
 *
 * On offset-binary weight QUBOs the cold end is astronomically large (the low bit planes make m
 * tiny), which is why it is not this project's default; it is here for comparison with neal.
 */
export function nealBetaRange(qubo: Qubo): BetaRange {
  const { n, q } = qubo;
  const minBias = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let h = q[row + i] / 2;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      h += q[row + j] / 2;
      const absJ = Math.abs(q[row + j] / 2);
      if (absJ !== 0 && absJ < minBias[i]) minBias[i] = absJ;
    }
    const absH = Math.abs(h);
    if (absH !== 0 && absH < minBias[i]) minBias[i] = absH;
  }
  let m = Infinity;
  for (let i = 0; i < n; i++) if (minBias[i] < m) m = minBias[i];
  if (m === Infinity) return NULL_RANGE;
  let nMin = 0;
  for (let i = 0; i < n; i++) if (minBias[i] === m) nMin++;
  const hot = nealHotBeta(qubo);
  return [hot === 0 ? 1 : hot, Math.log(nMin / EXCITATION_RATE) / (2 * m)];
}

/**
 * The project's default rule, "typical-flip": the cold end is sized from the energy change of
 * flipping each variable at a typical state rather than from the smallest coefficient.
 *
 * For a uniformly random state, flipping b_i changes the energy by +-(Q_ii + 2 sum_{j != i} Q_ij b_j),
 * whose mean is mu_i = Q_ii + sum_{j != i} Q_ij and whose variance is sigma_i^2 =
 * sum_{j != i} Q_ij^2; its root mean square t_i = sqrt(mu_i^2 + sigma_i^2) is the variable's
 * typical flip energy. Variables with t_i below TYPICAL_FLIP_FLOOR x max_i t_i are ignored (deep
 * bit planes and rounding noise, which make neal's cold end 1e35 and beyond on our QUBOs). With
 * delta the smallest remaining t_i and n_rel the number of remaining variables, the cold end
 * follows neal's criterion (total excitation probability 0.01 on the last sweep) at that gap:
 * cold = ln(n_rel / 0.01) / delta. The hot end is neal's. Since the worst-case flip energy bounds
 * every t_i, hot = ln 2 / max worst case < ln(100) / delta <= cold always holds.
 */
export function typicalFlipBetaRange(qubo: Qubo): BetaRange {
  const { n, q } = qubo;
  const typical = new Float64Array(n);
  let maxTypical = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let mean = q[row + i];
    let variance = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const c = q[row + j];
      mean += c;
      variance += c * c;
    }
    const t = Math.sqrt(mean * mean + variance);
    typical[i] = t;
    if (t > maxTypical) maxTypical = t;
  }
  if (maxTypical === 0) return NULL_RANGE;
  const floor = TYPICAL_FLIP_FLOOR * maxTypical;
  let delta = Infinity;
  let relevant = 0;
  for (let i = 0; i < n; i++) {
    const t = typical[i];
    if (t < floor) continue;
    relevant++;
    if (t < delta) delta = t;
  }
  return [nealHotBeta(qubo), Math.log(relevant / EXCITATION_RATE) / delta];
}

/**
 * Coefficient magnitudes outside [1e-100, 1e100] are rescaled before a rule runs: squares and
 * sums of 1e200 overflow and of 1e-300 underflow, which would make the range meaningless. A
 * beta range scales exactly as 1 / energy, so the rule runs on Q / M and its betas are divided
 * by M.
 */
const SAFE_MAGNITUDE = 1e100;

function largestMagnitude(values: Float64Array): number {
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

function needsRescale(m: number): boolean {
  return m > 0 && (m > SAFE_MAGNITUDE || m < 1 / SAFE_MAGNITUDE);
}

/** The beta range a rule picks for a QUBO. */
export function defaultBetaRange(qubo: Qubo, rule: BetaRangeRule): BetaRange {
  const m = largestMagnitude(qubo.q);
  if (needsRescale(m)) {
    const scaled = { n: qubo.n, q: qubo.q.map((v) => v / m), offset: 0 };
    const [hot, cold] = defaultBetaRange(scaled, rule);
    return [hot / m, cold / m];
  }
  return rule === "neal" ? nealBetaRange(qubo) : typicalFlipBetaRange(qubo);
}

/**
 * The beta range of a rule for a structured class QUBO, without building the dense matrix.
 *
 * Every dense coefficient is known in closed form: with S = (1/2) diag(step) H diag(step) and
 * a = lower - centre, variable v = (bit k, weight i) has Q_vv = 4^k S_ii + 2^k step_i (g + H a)_i
 * and couplings Q_vu = 2^(k+l) S_ij to u = (l, j). So the row sums, absolute row sums and sums of
 * squares that the typical-flip rule and neal's hot end need are sums over the width x width S
 * scaled by geometric series in 2^l: O(width^2 + n) instead of O(n^2). They equal the dense
 * rule's figures up to rounding. neal's cold end needs the smallest coefficient per spin and is
 * a comparison rule only: it expands the dense matrix.
 */
export function structuredBetaRange(problem: StructuredQubo, rule: BetaRangeRule): BetaRange {
  if (rule === "neal") return defaultBetaRange(structuredToDense(problem), "neal");
  // Energies scale with H and g (steps fixed): rescale them as defaultBetaRange does.
  const m = Math.max(largestMagnitude(problem.h), largestMagnitude(problem.gradient));
  if (needsRescale(m)) {
    const scaled = {
      ...problem,
      h: problem.h.map((v) => v / m),
      gradient: problem.gradient.map((v) => v / m),
    };
    const [hot, cold] = structuredBetaRange(scaled, rule);
    return [hot / m, cold / m];
  }
  const { width, bits, h, gradient, center, lower, step } = problem;
  const rowSum = new Float64Array(width);
  const rowAbsSum = new Float64Array(width);
  const rowSquares = new Float64Array(width);
  const selfTerm = new Float64Array(width);
  const linear = new Float64Array(width);
  for (let i = 0; i < width; i++) {
    let sum = 0, absSum = 0, squares = 0, ha = 0;
    for (let j = 0; j < width; j++) {
      const s = 0.5 * step[i] * h[i * width + j] * step[j];
      sum += s;
      absSum += Math.abs(s);
      squares += s * s;
      ha += h[i * width + j] * (lower[j] - center[j]);
    }
    rowSum[i] = sum;
    rowAbsSum[i] = absSum;
    rowSquares[i] = squares;
    selfTerm[i] = 0.5 * step[i] * h[i * width + i] * step[i];
    linear[i] = step[i] * (gradient[i] + ha);
  }
  const levels = 2 ** bits - 1; // sum over l of 2^l
  const squaresSeries = (4 ** bits - 1) / 3; // sum over l of 4^l
  const typical = new Float64Array(width * bits);
  let maxTypical = 0;
  let maxField = 0;
  for (let k = 0; k < bits; k++) {
    const p = 2 ** k, p2 = p * p;
    for (let i = 0; i < width; i++) {
      const self = selfTerm[i];
      const diagonal = p2 * self + p * linear[i];
      const offDiagonal = p * levels * rowSum[i] - p2 * self;
      const mean = diagonal + offDiagonal;
      const variance = Math.max(0, p2 * squaresSeries * rowSquares[i] - p2 * p2 * self * self);
      const t = Math.sqrt(mean * mean + variance);
      typical[k * width + i] = t;
      if (t > maxTypical) maxTypical = t;
      // neal's hot end on the Ising form: |h_v| + sum_u |J_vu|, h_v = (Q_vv + sum_u Q_vu) / 2.
      const absOff = Math.max(0, p * levels * rowAbsSum[i] - p2 * Math.abs(self));
      const field = Math.abs(mean / 2) + absOff / 2;
      if (field > maxField) maxField = field;
    }
  }
  if (maxTypical === 0) return NULL_RANGE;
  const floor = TYPICAL_FLIP_FLOOR * maxTypical;
  let delta = Infinity;
  let relevant = 0;
  for (const t of typical) {
    if (t < floor) continue;
    relevant++;
    if (t < delta) delta = t;
  }
  const hot = maxField === 0 ? 0 : Math.log(2) / (2 * maxField);
  return [hot, Math.log(relevant / EXCITATION_RATE) / delta];
}
