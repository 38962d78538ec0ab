/** The "exact" sampler against plain enumeration. */
import assert from "node:assert/strict";
import { makeQubo } from "../../lib/qubo.ts";
import { EXACT_MAX_N, ExactSampler, solveExact } from "../../samplers/exact.ts";
import { allEnergies, randomQubo } from "./problems.ts";

/** States sorted by (energy, index), as plain enumeration gives them. */
function rankedStates(energies: Float64Array): number[] {
  return Array.from(energies.keys()).sort((a, b) => energies[a] - energies[b] || a - b);
}

/** The state index of sample r (bit i of the index is b_i). */
function stateIndex(samples: Uint8Array, n: number, r: number): number {
  let index = 0;
  for (let i = 0; i < n; i++) index |= samples[r * n + i] << i;
  return index;
}

Deno.test("every state of a 10-variable QUBO, in energy order", () => {
  const qubo = randomQubo(10, 1);
  const energies = allEnergies(qubo);
  const set = solveExact(qubo, { numReads: 1024 });
  assert.equal(set.numReads, 1024);
  const ranked = rankedStates(energies);
  for (let r = 0; r < 1024; r++) {
    assert.equal(stateIndex(set.samples, 10, r), ranked[r], `rank ${r}`);
    assert.equal(set.energies[r], energies[ranked[r]]);
  }
});

Deno.test("the lowest 40 states of 14-variable QUBOs (past the 4096-step resync)", () => {
  for (const seed of [2, 3]) {
    const qubo = randomQubo(14, seed, 1000);
    const ranked = rankedStates(allEnergies(qubo));
    const set = solveExact(qubo, { numReads: 40 });
    for (let r = 0; r < 40; r++) assert.equal(stateIndex(set.samples, 14, r), ranked[r]);
  }
});

Deno.test("non-integer coefficients: ground state equals plain enumeration", () => {
  const n = 13;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      q[i * n + j] = q[j * n + i] = Math.sin(i * 31 + j * 17) * 2 ** (i % 5);
    }
  }
  const qubo = makeQubo(n, q, 0.3);
  const energies = allEnergies(qubo);
  const ranked = rankedStates(energies);
  const set = solveExact(qubo, { numReads: 5 });
  for (let r = 0; r < 5; r++) assert.equal(set.energies[r], energies[ranked[r]]);
});

Deno.test("ties break on the state index; reads are capped at 2^n", () => {
  const flat = makeQubo(3, new Float64Array(9), 2);
  const set = solveExact(flat, { numReads: 100 });
  assert.equal(set.numReads, 8);
  assert.deepEqual(Array.from({ length: 8 }, (_, r) => stateIndex(set.samples, 3, r)), [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
  ]);
  assert.deepEqual(Array.from(set.energies), [2, 2, 2, 2, 2, 2, 2, 2]);
});

Deno.test("the async sampler returns what solveExact returns", async () => {
  const qubo = randomQubo(EXACT_MAX_N - 6, 4);
  const set = await new ExactSampler().sample(qubo, { numReads: 3 });
  const sync = solveExact(qubo, { numReads: 3 });
  assert.deepEqual(set.samples, sync.samples);
  assert.deepEqual(set.energies, sync.energies);
  assert.equal(set.info.statesEnumerated, 2 ** 18);
});
