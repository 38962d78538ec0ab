/** neal's default beta range and the typical-flip rule, on hand-worked examples. */
import assert from "node:assert/strict";
import { makeQubo, quboEnergy } from "../../lib/qubo.ts";
import {
  nealBetaRange,
  TYPICAL_FLIP_FLOOR,
  typicalFlipBetaRange,
} from "../../samplers/beta_range.ts";

const close = (a: number, b: number) =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${a} vs ${b}`);

// E(b) = b0 + 2 b0 b1 - 3 b1.
const example = makeQubo(2, Float64Array.from([1, 1, 1, -3]));

Deno.test("the hand-worked Ising form reproduces every QUBO energy", () => {
  // b = (s + 1) / 2 gives h0 = 1, h1 = -1, J01 = 0.5 and a constant: check all four states.
  const h = [1, -1], j01 = 0.5;
  const spinEnergy = (s0: number, s1: number) => h[0] * s0 + h[1] * s1 + j01 * s0 * s1;
  const constant = quboEnergy(example, Uint8Array.of(0, 0)) - spinEnergy(-1, -1);
  for (const [b0, b1] of [[0, 1], [1, 0], [1, 1]]) {
    assert.equal(
      quboEnergy(example, Uint8Array.of(b0, b1)),
      spinEnergy(2 * b0 - 1, 2 * b1 - 1) + constant,
    );
  }
});

Deno.test("nealBetaRange: hand-worked two-spin example", () => {
  // |h_i| + sum_j |J_ij| = 1.5 for both spins: hot = ln 2 / 3.
  // Smallest non-zero bias per spin: min(1, 0.5) = 0.5 for both, so m = 0.5 and n_min = 2:
  // cold = ln(2 / 0.01) / (2 x 0.5) = ln 200.
  const [hot, cold] = nealBetaRange(example);
  close(hot, Math.log(2) / 3);
  close(cold, Math.log(200));
});

Deno.test("nealBetaRange: n_min counts only the spins attaining the minimum", () => {
  // E = 2 b0 - 2 b1 + 2 b1 b2: h = (1, -0.5, 0.5), J12 = 0.5.
  // Totals 1, 1, 1 -> hot = ln 2 / 2. Minima 1, 0.5, 0.5 -> m = 0.5, n_min = 2.
  const q = makeQubo(3, Float64Array.from([2, 0, 0, 0, -2, 1, 0, 1, 0]));
  const [hot, cold] = nealBetaRange(q);
  close(hot, Math.log(2) / 2);
  close(cold, Math.log(2 / 0.01) / 1);
  // With a third distinct minimum the count changes: scale b0's bias to 0.25 (Q00 = 0.5).
  const q2 = makeQubo(3, Float64Array.from([0.5, 0, 0, 0, -2, 1, 0, 1, 0]));
  close(nealBetaRange(q2)[1], Math.log(1 / 0.01) / 0.5);
});

Deno.test("nealBetaRange: an all-zero QUBO gets neal's fallback [0.1, 1]", () => {
  assert.deepEqual(nealBetaRange(makeQubo(3, new Float64Array(9))), [0.1, 1]);
});

Deno.test("typicalFlipBetaRange: hand-worked two-variable example", () => {
  // mu_0 = 1 + 1 = 2, sigma_0^2 = 1 -> t_0 = sqrt 5; mu_1 = -3 + 1 = -2 -> t_1 = sqrt 5.
  // cold = ln(2 / 0.01) / sqrt 5; the hot end is neal's.
  const [hot, cold] = typicalFlipBetaRange(example);
  close(hot, Math.log(2) / 3);
  close(cold, Math.log(200) / Math.sqrt(5));
});

Deno.test("typicalFlipBetaRange ignores variables below the relative floor; neal does not", () => {
  const tiny = TYPICAL_FLIP_FLOOR / 1000;
  const q = makeQubo(2, Float64Array.from([1, 0, 0, tiny]));
  // Only b0 is relevant: cold = ln(1 / 0.01) / 1.
  close(typicalFlipBetaRange(q)[1], Math.log(100));
  // neal sizes the cold end from the tiny bias: ln(1 / 0.01) / (2 x tiny / 2).
  close(nealBetaRange(q)[1], Math.log(100) / tiny);
});

Deno.test("typicalFlipBetaRange keeps hot < cold on random dense problems", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const n = 1 + (seed % 7);
    const q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        q[i * n + j] = q[j * n + i] = Math.sin(seed * 97 + i * 13 + j * 7) * 10 ** (j - i);
      }
    }
    const [hot, cold] = typicalFlipBetaRange(makeQubo(n, q));
    assert.ok(hot > 0 && hot < cold, `seed ${seed}: [${hot}, ${cold}]`);
  }
});
