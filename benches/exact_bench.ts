/**
 * Speed of the exact sampler: Gray-code enumeration of all 2^n states of a dense QUBO.
 *
 *   deno bench -A benches/exact_bench.ts
 */
import { makeQubo } from "../lib/qubo.ts";
import { solveExact } from "../samplers/exact.ts";
import { nextFloat, seedState } from "../lib/random.ts";

for (const n of [16, 20, 24]) {
  const rng = seedState(n);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) q[i * n + j] = q[j * n + i] = 2 * nextFloat(rng) - 1;
  }
  const qubo = makeQubo(n, q);
  Deno.bench(`exact n=${n} (2^${n} states), 10 lowest`, { n: n === 24 ? 3 : undefined }, () => {
    solveExact(qubo, { numReads: 10 });
  });
}
