/**
 * Weight moves (a heat bath on each weight's level): the truncated normal draws have the right
 * distribution, the chain samples the QUBO's Boltzmann distribution exactly at a fixed beta, and
 * `sa` with `moves: "weight"` finds planted ground states.
 */
import assert from "node:assert/strict";
import { makeStructuredQubo, structuredEnergy } from "../../lib/structured_qubo.ts";
import { annealStructuredRead, makeStructuredWork } from "../../samplers/anneal_structured.ts";
import { seedState } from "../../samplers/rng.ts";
import { anneal } from "../../samplers/sa.ts";
import { NormalStream, truncatedNormal } from "../../samplers/truncated_normal.ts";
import { assertUserError } from "./conformance.ts";
import { plantedStructured } from "./problems.ts";

/** Mean and variance of N(mu, sigma^2) on [lo, hi] by quadrature (Simpson, 20,000 panels). */
function truncatedMoments(mu: number, sigma: number, lo: number, hi: number) {
  // Far out, the mass sits within sigma^2 / distance of the near bound.
  const distance = Math.max(lo - mu, mu - hi, 0);
  const reach = 40 * Math.min(sigma, sigma * sigma / Math.max(distance, 1e-300));
  const a = Math.max(lo, Math.min(hi, mu) - reach), b = Math.min(hi, Math.max(lo, mu) + reach);
  const panels = 20_000, dx = (b - a) / panels;
  // Densities relative to the largest in the interval, so far tails do not underflow.
  const peak = Math.min(b, Math.max(a, mu));
  const density = (x: number) => Math.exp(-0.5 * ((x - mu) ** 2 - (peak - mu) ** 2) / sigma ** 2);
  let mass = 0, first = 0, second = 0;
  for (let i = 0; i <= panels; i++) {
    const x = a + i * dx;
    const w = (i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2) * density(x);
    mass += w;
    // Moments about the peak, so a narrow tail far from 0 keeps its digits.
    first += w * (x - peak);
    second += w * (x - peak) ** 2;
  }
  const shift = first / mass;
  return { mean: peak + shift, variance: second / mass - shift * shift };
}

Deno.test("truncated normal draws have the quadrature mean and variance in every regime", () => {
  const cases: [string, number, number, number, number][] = [
    ["central, wide", 0, 1, -3, 4],
    ["central, narrow (uniform proposal)", 0.2, 1, -0.7, 1.1],
    ["upper tail, near", 0, 1, 0.5, Infinity],
    ["upper tail, far and narrow", 0, 1, 12, 12.05],
    ["lower tail, 1e6 sigmas out", 3e6, 2, -0.5, 1023.5],
    ["scaled and shifted", 500, 40, 0, 520],
  ];
  const normals = new NormalStream(seedState(11));
  for (const [label, mu, sigma, lo, hi] of cases) {
    const draws = 40_000;
    const peak = Math.min(hi, Math.max(lo, mu));
    let sum = 0, sumSq = 0, min = Infinity, max = -Infinity;
    for (let i = 0; i < draws; i++) {
      const x = truncatedNormal(mu, sigma, lo, hi, normals);
      sum += x - peak;
      sumSq += (x - peak) ** 2;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    const shift = sum / draws;
    const mean = peak + shift, variance = sumSq / draws - shift * shift;
    const want = truncatedMoments(mu, sigma, lo, hi);
    assert.ok(min >= lo && max <= hi, `${label}: draws in [${lo}, ${hi}], got ${min}..${max}`);
    // Five standard errors of the mean; variance to 5% (40,000 draws).
    const tolerance = 5 * Math.sqrt(want.variance / draws);
    assert.ok(
      Math.abs(mean - want.mean) < tolerance,
      `${label}: mean ${mean}, want ${want.mean} +- ${tolerance}`,
    );
    assert.ok(
      Math.abs(variance / want.variance - 1) < 0.05,
      `${label}: variance ${variance}, want ${want.variance}`,
    );
  }
});

/** Two correlated weights of 3 bits: 64 states, few enough to enumerate the Boltzmann law. */
function smallProblem(curvature: [number, number]) {
  const [h00, h11] = curvature;
  return makeStructuredQubo({
    h: new Float64Array([h00, 0.6 * Math.sqrt(h00 * h11), 0.6 * Math.sqrt(h00 * h11), h11]),
    gradient: new Float64Array([-0.3, 0.5]),
    center: new Float64Array([0.1, -0.2]),
    lower: new Float64Array([-1, -1]),
    step: new Float64Array([0.25, 0.3]),
    bits: 3,
  });
}

/** Total variation between the chain's state frequencies at fixed beta and exp(-beta E). */
function stationaryDistance(
  problem: ReturnType<typeof smallProblem>,
  beta: number,
  order: "sequential" | "random",
): number {
  const n = problem.n, states = 2 ** n;
  const exact = new Float64Array(states);
  const bits = new Uint8Array(n);
  let z = 0;
  for (let s = 0; s < states; s++) {
    for (let i = 0; i < n; i++) bits[i] = (s >> i) & 1;
    exact[s] = Math.exp(-beta * structuredEnergy(problem, bits));
    z += exact[s];
  }
  const counts = new Float64Array(states);
  const work = makeStructuredWork(problem);
  const rng = seedState(5);
  const schedule = new Float64Array([beta]);
  bits.fill(0);
  const sweeps = 200_000;
  for (let t = 0; t < sweeps; t++) {
    annealStructuredRead(problem, bits, schedule, 1, rng, work, order, "metropolis", "weight");
    let s = 0;
    for (let i = 0; i < n; i++) s |= bits[i] << i;
    counts[s]++;
  }
  let distance = 0;
  for (let s = 0; s < states; s++) distance += Math.abs(counts[s] / sweeps - exact[s] / z);
  return distance / 2;
}

Deno.test("weight moves sample the QUBO's Boltzmann distribution at a fixed beta", () => {
  // Curvatures that put the conditional deviation below 1 level (enumerated), above it
  // (rounded truncated normal) and across both, in both visit orders.
  const settings: [[number, number], number][] = [
    [[40, 30], 1], // sigma ~ 0.6 and 0.6 levels: enumeration
    [[0.4, 0.3], 1], // sigma ~ 6 levels: the box truncates a wide normal
    [[4, 0.5], 2], // one of each
  ];
  for (const [curvature, beta] of settings) {
    for (const order of ["sequential", "random"] as const) {
      const distance = stationaryDistance(smallProblem(curvature), beta, order);
      // 200,000 correlated sweeps over 64 states: sampling noise is about 0.005.
      assert.ok(distance < 0.015, `H diag ${curvature}, beta ${beta}, ${order}: TV ${distance}`);
    }
  }
});

Deno.test("sa with weight moves finds planted ground states and records what ran", () => {
  for (const seed of [1, 2, 3]) {
    const { problem, ground } = plantedStructured(6, 8, seed);
    const set = anneal(problem, {
      moves: "weight",
      numReads: 2,
      numSweeps: 300,
      seed,
      betaRange: [0.01, 20],
    });
    assert.equal(set.info.moves, "weight");
    // Each sweep: one draw per weight.
    assert.equal(set.info.attemptedFlips, 2 * 300 * problem.width);
    for (let r = 0; r < set.numReads; r++) {
      assert.equal(set.energies[r], structuredEnergy(problem, set.samples, r * problem.n));
    }
    const best = set.energies.indexOf(Math.min(...set.energies));
    assert.equal(set.energies[best], 0, `seed ${seed}`);
    assert.deepEqual(set.samples.subarray(best * problem.n, (best + 1) * problem.n), ground);
  }
});

Deno.test("weight moves refuse the dense kernel and an acceptance rule", async () => {
  const { problem } = plantedStructured(3, 4, 1);
  await assertUserError(
    () => anneal(problem, { moves: "weight", kernel: "dense" }),
    'Sampler "sa": parameter "moves" must be "bit" unless the structured kernel runs (level ' +
      'and weight moves need the weights, not a matrix), got "weight".',
  );
  await assertUserError(
    () => anneal(problem, { moves: "weight", proposalAcceptanceCriteria: "gibbs" }),
    'Sampler "sa": parameter "proposalAcceptanceCriteria" must be absent with moves "weight" ' +
      "(a heat bath draws each weight from its conditional distribution and accepts every " +
      'draw), got "gibbs".',
  );
});

Deno.test("weight moves: one weight's levels follow the discrete Gaussian at sigma ~ 1.2", () => {
  // One weight of 4 bits, f(D) = 1/2 D^2 / sigma^2 - mean D / sigma^2: at beta = 1 the level law is exp(-(L - mean)^2
  // / (2 sigma^2)) on 0..15. Near sigma = 1 a rounded normal alone is off by a few percent; the
  // Metropolis-Hastings test must remove that (1,000,000 draws: 0.1% standard error).
  const sigma = 1.2, mean = 3.3;
  const problem = makeStructuredQubo({
    h: Float64Array.of(1 / (sigma * sigma)),
    gradient: Float64Array.of(-mean / (sigma * sigma)),
    center: Float64Array.of(0),
    lower: Float64Array.of(0),
    step: Float64Array.of(1),
    bits: 4,
  });
  const exact = Array.from(
    { length: 16 },
    (_, l) => Math.exp(-((l - mean) ** 2) / (2 * sigma ** 2)),
  );
  const z = exact.reduce((a, b) => a + b, 0);
  const counts = new Float64Array(16);
  const work = makeStructuredWork(problem);
  const rng = seedState(8);
  const bits = new Uint8Array(4);
  const draws = 1_000_000;
  const schedule = new Float64Array([1]);
  for (let t = 0; t < draws; t++) {
    annealStructuredRead(
      problem,
      bits,
      schedule,
      1,
      rng,
      work,
      "sequential",
      "metropolis",
      "weight",
    );
    counts[bits[0] + 2 * bits[1] + 4 * bits[2] + 8 * bits[3]]++;
  }
  for (let l = 1; l <= 6; l++) {
    const want = exact[l] / z, got = counts[l] / draws;
    const error = 5 * Math.sqrt(want * (1 - want) / draws) * 2; // 5 sigma, chain correlation x2
    assert.ok(Math.abs(got - want) < error, `level ${l}: ${got} against ${want} +- ${error}`);
  }
});
