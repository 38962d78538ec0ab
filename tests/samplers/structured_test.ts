/**
 * The structured form and kernel: energies equal the dense QUBO's, the structured kernel runs
 * the dense kernel's chain, the closed-form beta range equals the dense rule's, level moves.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { makeQubo, quboEnergy } from "../../lib/qubo.ts";
import {
  makeStructuredQubo,
  structuredEnergy,
  type StructuredQubo,
  structuredToDense,
} from "../../lib/structured_qubo.ts";
import { classProblem } from "../../lib/train/class_qubo.ts";
import { decodeWeights, trustBox } from "../../lib/train/encoding.ts";
import { surrogateValue } from "../../lib/train/surrogate.ts";
import { structuredBetaRange, typicalFlipBetaRange } from "../../samplers/beta_range.ts";
import { nextFloat, seedState } from "../../lib/random.ts";
import { anneal } from "../../samplers/sa.ts";
import { assertUserError } from "./conformance.ts";
import { plantedStructured, randomStructured } from "./problems.ts";

/**
 * A class problem like the trainer's, in floating point: H = eta G + lambda I from random
 * correlated features, a random gradient and centre, and the trust box around the centre.
 */
function floatProblem(width: number, bits: number, seed: number): StructuredQubo {
  const rng = seedState(seed);
  const samples = 3 * width;
  const x = new Float64Array(samples * width);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < width; j++) x[s * width + j] = nextFloat(rng) - 0.5 + 0.3 * x[s * width];
  }
  const h = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let s = 0; s < samples; s++) sum += x[s * width + i] * x[s * width + j];
      h[i * width + j] = h[j * width + i] = 0.5 * sum / samples + (i === j ? 0.01 : 0);
    }
  }
  const vector = (scale: number) =>
    Float64Array.from({ length: width }, () => scale * (nextFloat(rng) - 0.5));
  const center = vector(2);
  const box = trustBox(center, vector(0.4).map(Math.abs), bits);
  return classProblem(h, vector(0.2), center, box);
}

Deno.test("structured energy equals the dense QUBO energy and the surrogate of the weights", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (width, bits, seed) => {
        const problem = floatProblem(width, bits, seed);
        const dense = structuredToDense(problem);
        const rng = seedState(seed, 7);
        const b = Uint8Array.from({ length: problem.n }, () => nextFloat(rng) < 0.5 ? 1 : 0);
        const box = { bits, lower: problem.lower, step: problem.step };
        const delta = decodeWeights(box, b).map((w, j) => w - problem.center[j]);
        const surrogate = surrogateValue(problem.h, width, problem.gradient, delta);
        const matrix = quboEnergy(dense, b);
        const structured = structuredEnergy(problem, b);
        // Relative to the size of the terms that cancel, not to the (possibly zero) result.
        let scale = Math.abs(dense.offset) + 1e-300;
        for (let i = 0; i < width; i++) {
          scale += Math.abs(problem.gradient[i] * delta[i]);
          for (let j = 0; j < width; j++) {
            scale += Math.abs(problem.h[i * width + j] * delta[i] * delta[j]);
          }
        }
        assert.ok(Math.abs(structured - surrogate) <= 1e-12 * scale, `${structured} ${surrogate}`);
        assert.ok(Math.abs(matrix - surrogate) <= 1e-9 * scale, `${matrix} ${surrogate}`);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("integer structured problems: energies are exact in both forms", () => {
  for (const [width, bits, seed] of [[3, 2, 1], [5, 4, 2], [8, 6, 3]]) {
    const problem = randomStructured(width, bits, seed);
    const dense = structuredToDense(problem);
    const rng = seedState(seed);
    for (let trial = 0; trial < 50; trial++) {
      const b = Uint8Array.from({ length: problem.n }, () => nextFloat(rng) < 0.5 ? 1 : 0);
      assert.equal(structuredEnergy(problem, b), quboEnergy(dense, b));
    }
  }
});

Deno.test("the structured kernel gives the dense kernel's samples for the same seed", () => {
  // Small to medium, integer and floating-point problems, every visit order and rule.
  const problems: [string, StructuredQubo][] = [
    ["integer 4 x 3", randomStructured(4, 3, 11)],
    ["integer 12 x 6", randomStructured(12, 6, 12)],
    ["float 13 x 6", floatProblem(13, 6, 13)],
    ["float 37 x 10", floatProblem(37, 10, 14)],
  ];
  const variants = [
    {},
    { randomizeOrder: true },
    { proposalAcceptanceCriteria: "gibbs" as const },
    { numSweepsPerBeta: 3, betaScheduleType: "linear" as const },
  ];
  for (const [label, problem] of problems) {
    const dense = structuredToDense(problem);
    for (const variant of variants) {
      const params = { numReads: 3, numSweeps: 150, seed: 42, ...variant };
      const a = anneal(problem, params);
      const b = anneal(dense, params);
      const what = `${label} ${JSON.stringify(variant)}`;
      assert.equal(a.info.kernel, "structured", what);
      assert.equal(b.info.kernel, "dense", what);
      assert.deepEqual(a.samples, b.samples, what);
      assert.equal(a.info.acceptedFlips, b.info.acceptedFlips, what);
      assert.ok(a.info.acceptedFlips as number > 0, what);
      for (let r = 0; r < a.numReads; r++) {
        const scale = Math.max(1, Math.abs(b.energies[r]));
        assert.ok(Math.abs(a.energies[r] - b.energies[r]) <= 1e-9 * scale, what);
      }
    }
  }
});

Deno.test("kernel: dense forces the dense kernel on a structured problem, same samples", () => {
  const problem = floatProblem(9, 5, 21);
  const params = { numReads: 2, numSweeps: 100, seed: 3 };
  const forced = anneal(problem, { ...params, kernel: "dense" });
  const structured = anneal(problem, params);
  assert.equal(forced.info.kernel, "dense");
  assert.deepEqual(forced.samples, structured.samples);
  // The energies reported are the structured problem's in both cases.
  for (let r = 0; r < 2; r++) {
    assert.equal(forced.energies[r], structuredEnergy(problem, forced.samples, r * problem.n));
  }
});

Deno.test("the closed-form beta range equals the dense typical-flip rule", () => {
  for (const [width, bits, seed] of [[1, 1, 1], [4, 3, 2], [13, 6, 3], [37, 10, 4]]) {
    const problem = floatProblem(width, bits, seed);
    const [hot, cold] = structuredBetaRange(problem, "typical-flip");
    const [denseHot, denseCold] = typicalFlipBetaRange(structuredToDense(problem));
    assert.ok(Math.abs(hot - denseHot) <= 1e-9 * denseHot, `hot ${hot} vs ${denseHot}`);
    assert.ok(Math.abs(cold - denseCold) <= 1e-9 * denseCold, `cold ${cold} vs ${denseCold}`);
  }
});

Deno.test("level moves stay on the grid, report valid energies and find planted ground states", () => {
  for (const seed of [1, 2, 3]) {
    const { problem, ground } = plantedStructured(5, 4, seed);
    const set = anneal(problem, {
      numReads: 4,
      numSweeps: 300,
      seed,
      moves: "level",
      betaRange: [0.01, 20],
    });
    assert.equal(set.info.moves, "level");
    // Each sweep: n bit attempts plus one level attempt per weight.
    assert.equal(set.info.attemptedFlips, 4 * 300 * (problem.n + problem.width));
    for (let r = 0; r < set.numReads; r++) {
      assert.equal(set.energies[r], structuredEnergy(problem, set.samples, r * problem.n));
    }
    const best = set.energies.indexOf(Math.min(...set.energies));
    assert.equal(set.energies[best], 0, `seed ${seed}`);
    assert.deepEqual(set.samples.subarray(best * problem.n, (best + 1) * problem.n), ground);
  }
});

Deno.test("level moves cross a carry barrier that bit flips cannot at low temperature", () => {
  // One weight of 4 bits: the box is [0, 15], the minimum at level 8 = 1000; start at 7 = 0111.
  // A bit flip from 0111 changes the level by 1, 2 or 4 downwards, or 8 up (to 15): all uphill.
  const problem = makeStructuredQubo({
    h: Float64Array.of(1),
    gradient: Float64Array.of(0),
    center: Float64Array.of(8),
    lower: Float64Array.of(0),
    step: Float64Array.of(1),
    bits: 4,
  });
  const start = Uint8Array.of(1, 1, 1, 0);
  const cold = { numReads: 1, numSweeps: 50, seed: 9, betaRange: [50, 100] as [number, number] };
  const bit = anneal(problem, { ...cold, initialStates: start });
  assert.equal(bit.energies[0], 0.5, "bit flips stay at level 7");
  const level = anneal(problem, { ...cold, initialStates: start, moves: "level" });
  assert.equal(level.energies[0], 0, "a +1 level move reaches level 8");
  assert.deepEqual(level.samples, Uint8Array.of(0, 0, 0, 1));
});

Deno.test("kernel and moves are refused where they cannot apply", async () => {
  const dense = structuredToDense(randomStructured(3, 2, 5));
  await assertUserError(
    () => anneal(dense, { kernel: "structured" }),
    'Sampler "sa": parameter "kernel" must be "auto" or "dense" for a dense QUBO (the structured kernel needs the structured form), got "structured".',
  );
  await assertUserError(
    () => anneal(dense, { moves: "level" }),
    'Sampler "sa": parameter "moves" must be "bit" unless the structured kernel runs (level and weight moves need the weights, not a matrix), got "level".',
  );
  await assertUserError(
    () => anneal(randomStructured(3, 2, 5), { moves: "levels" as "level" }),
    'Sampler "sa": parameter "moves" must be one of "bit", "level", "weight", got "levels".',
  );
});

Deno.test("coefficients near the float64 limits: the beta range is rescaled, overflow is refused", async () => {
  // The planted problem's ground state, at every scale the rule used to break on.
  const { qubo, ground } = plantedDense();
  for (const scale of [1e200, 1e-300]) {
    const scaled = makeQubo(qubo.n, qubo.q.map((v) => v * scale), qubo.offset * scale);
    const set = anneal(scaled, { numReads: 10, numSweeps: 500, seed: 4 });
    const [hot, cold] = set.info.betaRange as [number, number];
    assert.ok(hot > 0 && cold > hot && Number.isFinite(cold), `${scale}: range ${hot}, ${cold}`);
    const best = set.energies.indexOf(Math.min(...set.energies));
    assert.deepEqual(set.samples.subarray(best * qubo.n, (best + 1) * qubo.n), ground, `${scale}`);
  }
  const huge = makeQubo(2, Float64Array.of(1e308, 1e308, 1e308, 1e308));
  await assertUserError(
    () => anneal(huge, { numReads: 1, numSweeps: 0, seed: 1, initialStates: [1, 1] }),
    'Sampler "sa": the energy of read 0 overflows to Infinity; the problem\'s coefficients are too large for float64 sums: rescale the QUBO.',
  );
});

/** A small planted dense problem (integer, unique ground state). */
function plantedDense() {
  const { problem, ground } = plantedStructured(3, 2, 8);
  return { qubo: structuredToDense(problem), ground };
}
