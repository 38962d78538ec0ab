/**
 * Speed of the "sa" kernel on dense QUBOs of the sizes the digits experiments produce:
 * n = 370 (K = 10, d = 36) and n = 740 (K = 20), 1 read x 1000 sweeps, fixed seed and range.
 *
 *   deno bench -A benches/sa_bench.ts
 *
 * Attempted flips per second = n x 1000 / (time per iteration). Two problem families: uniform
 * random couplings (about half of all attempts accepted: the O(n) flip update dominates) and an
 * offset-binary weight QUBO like the trainer's (Gram matrix of random features, K bit planes),
 * annealed over the default typical-flip range and over neal's range.
 */
import { makeQubo, type Qubo } from "../lib/qubo.ts";
import { anneal } from "../samplers/sa.ts";
import { nextFloat, seedState } from "../lib/random.ts";

/** Dense symmetric QUBO with entries uniform in [-1, 1]. */
function uniformQubo(n: number, seed: number): Qubo {
  const rng = seedState(seed);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) q[i * n + j] = q[j * n + i] = 2 * nextFloat(rng) - 1;
  }
  return makeQubo(n, q);
}

/**
 * Offset-binary QUBO (DESIGN.md section 1): w = l + P b over d + 1 weights of K bits, energy
 * (1/4) w^T G w + g^T w with G the Gram matrix of random standardised features.
 */
function encodingQubo(d: number, bits: number, seed: number): Qubo {
  const rng = seedState(seed);
  const m = d + 1, samples = 200, n = m * bits;
  const x = new Float64Array(samples * m);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < d; j++) x[s * m + j] = 2 * nextFloat(rng) - 1 + 0.3 * x[s * m];
    x[s * m + d] = 1;
  }
  const g = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let sum = 0;
      for (let s = 0; s < samples; s++) sum += x[s * m + a] * x[s * m + b];
      g[a * m + b] = sum / samples;
    }
  }
  const grad = Float64Array.from({ length: m }, () => 0.1 * (2 * nextFloat(rng) - 1));
  const step = 1 / (2 ** bits - 1); // box [-0.5, 0.5] per weight
  const low = -0.5;
  const q = new Float64Array(n * n);
  for (let a = 0; a < m; a++) {
    for (let k = 0; k < bits; k++) {
      const i = a * bits + k, pi = step * 2 ** k;
      // Linear: P^T g + 2 (1/4) P^T G l (l the low corner of the box).
      let gl = 0;
      for (let b = 0; b < m; b++) gl += g[a * m + b] * low;
      q[i * n + i] += pi * grad[a] + 0.5 * pi * gl;
      for (let b = 0; b < m; b++) {
        for (let kk = 0; kk < bits; kk++) {
          const j = b * bits + kk;
          q[i * n + j] += 0.25 * pi * step * 2 ** kk * g[a * m + b];
        }
      }
    }
  }
  return makeQubo(n, q);
}

for (const [n, bits] of [[370, 10], [740, 20]] as const) {
  const uniform = uniformQubo(n, 1);
  const encoding = encodingQubo(36, bits, 2);
  // Fixed ranges so the work does not depend on the default rule.
  const params = {
    numReads: 1,
    numSweeps: 1000,
    seed: 7,
    betaRange: [0.01, 10] as [number, number],
  };
  Deno.bench(`sa uniform n=${n} 1 read x 1000 sweeps`, { group: `n=${n}` }, () => {
    anneal(uniform, params);
  });
  Deno.bench(`sa encoding K=${bits} n=${n} 1 read x 1000 sweeps`, { group: `n=${n}` }, () => {
    anneal(encoding, { ...params, betaRange: undefined });
  });
  // neal's own range, as in DESIGN.md's neal and C measurements (mostly frozen late sweeps).
  Deno.bench(`sa encoding K=${bits} n=${n} neal range`, { group: `n=${n}` }, () => {
    anneal(encoding, { ...params, betaRange: undefined, betaRangeRule: "neal" });
  });
}
