/** The "sa" sampler: kernel against a plain Metropolis reference, schedules, ranges, states. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { makeQubo, type Qubo, quboEnergy } from "../../lib/qubo.ts";
import { SKIP_LOG_THRESHOLD } from "../../samplers/anneal.ts";
import { nealBetaRange, typicalFlipBetaRange } from "../../samplers/beta_range.ts";
import { interpolateSchedule, thinSchedule } from "../../samplers/beta_schedule.ts";
import { solveExact } from "../../samplers/exact.ts";
import { fillRandomBits, nextUint64, seedState, TWO_64 } from "../../lib/random.ts";
import { anneal, SaSampler } from "../../samplers/sa.ts";
import { assertUserError } from "./conformance.ts";
import { plantedQubo, randomQubo } from "./problems.ts";

/**
 * Plain Metropolis with every energy change computed from scratch by quboEnergy, on the same
 * random stream as the sampler (read r: stream r; random initial bits first). A change of at
 * least 44.36142 / beta is rejected without a draw, as in neal; `skipped` counts those.
 */
function referenceAnneal(
  qubo: Qubo,
  schedule: Float64Array,
  seed: number,
  reads: number,
): { samples: Uint8Array; skipped: number } {
  const n = qubo.n;
  const samples = new Uint8Array(reads * n);
  let skipped = 0;
  for (let r = 0; r < reads; r++) {
    const rng = seedState(seed, r);
    const bits = samples.subarray(r * n, (r + 1) * n);
    fillRandomBits(rng, bits);
    for (const beta of schedule) {
      for (let i = 0; i < n; i++) {
        const before = quboEnergy(qubo, bits);
        bits[i] ^= 1;
        const delta = quboEnergy(qubo, bits) - before;
        bits[i] ^= 1;
        if (delta >= SKIP_LOG_THRESHOLD / beta) {
          skipped++;
          continue;
        }
        if (delta > 0 && !(Math.exp(-beta * delta) * TWO_64 > nextUint64(rng))) continue;
        bits[i] ^= 1;
      }
    }
  }
  return { samples, skipped };
}

Deno.test("the skip threshold only drops flips a 64-bit draw would accept with r = 0 alone", () => {
  // At delta = 44.36142 / beta, exp(-beta delta) x 2^64 < 1: only r = 0 (probability 2^-64)
  // could accept, so skipping without a draw cannot change a result in practice.
  assert.ok(Math.exp(-SKIP_LOG_THRESHOLD) * TWO_64 < 1);
  assert.ok(Math.exp(-(SKIP_LOG_THRESHOLD - 1e-5)) * TWO_64 > 1);
});

Deno.test("the kernel equals plain Metropolis on the same random stream", () => {
  const qubo = randomQubo(10, 7);
  const schedule = interpolateSchedule([0.01, 20], 60, "geometric");
  const reference = referenceAnneal(qubo, schedule, 99, 4);
  // The cold end makes many changes exceed the threshold: the skip rule is exercised.
  assert.ok(reference.skipped > 100, `skipped ${reference.skipped}`);
  const set = anneal(qubo, {
    numReads: 4,
    seed: 99,
    betaScheduleType: "custom",
    betaSchedule: schedule,
  });
  assert.deepEqual(set.samples, reference.samples);
});

Deno.test("property: the kernel equals plain Metropolis on random integer QUBOs", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 25 }),
      fc.double({ min: 0.001, max: 1, noNaN: true }),
      fc.double({ min: 1.5, max: 1000, noNaN: true }),
      (n, seed, sweeps, hot, ratio) => {
        const qubo = randomQubo(n, seed % 1000, 6);
        const range: [number, number] = [hot, hot * ratio];
        const set = anneal(qubo, { numReads: 2, numSweeps: sweeps, seed, betaRange: range });
        const schedule = interpolateSchedule(range, sweeps, "geometric");
        assert.deepEqual(set.samples, referenceAnneal(qubo, schedule, seed, 2).samples);
        for (let r = 0; r < 2; r++) {
          assert.equal(set.energies[r], quboEnergy(qubo, set.samples, r * n));
        }
      },
    ),
    { numRuns: 60 },
  );
});

Deno.test("geometric and linear schedules: exact ends, constant ratio or step", () => {
  const geometric = interpolateSchedule([0.5, 50], 5, "geometric");
  assert.equal(geometric[0], 0.5);
  assert.equal(geometric[4], 50);
  for (let k = 1; k < 5; k++) {
    assert.ok(Math.abs(geometric[k] / geometric[k - 1] - Math.sqrt(Math.sqrt(100))) < 1e-12);
  }
  assert.deepEqual(Array.from(interpolateSchedule([1, 3], 5, "linear")), [1, 1.5, 2, 2.5, 3]);
  // One beta means "anneal at the cold end" (neal).
  assert.deepEqual(Array.from(interpolateSchedule([1, 3], 1, "linear")), [3]);
});

Deno.test("info reports the schedule actually used, thinned to 200 points", () => {
  const qubo = randomQubo(6, 3);
  const set = anneal(qubo, { numReads: 1, numSweeps: 1000, seed: 1, betaRange: [0.1, 10] });
  const full = interpolateSchedule([0.1, 10], 1000, "geometric");
  const thinned = set.info.betaSchedule as number[];
  assert.equal(thinned.length, 200);
  assert.deepEqual(thinned, thinSchedule(full));
  assert.equal(thinned[0], 0.1);
  assert.equal(thinned[199], 10);
  assert.deepEqual(set.info.betaRange, [0.1, 10]);
  assert.equal(set.info.betaRangeRule, "given");
  assert.equal(set.info.numSweeps, 1000);
  assert.equal(set.info.seed, 1);
  assert.equal(set.info.attemptedFlips, 6000);
  assert.ok((set.info.attemptedFlipsPerSecond as number) > 0);
});

Deno.test("custom schedules with several sweeps per beta", () => {
  const qubo = randomQubo(8, 4);
  const betaSchedule = [0.1, 0.5, 2, 8];
  const set = anneal(qubo, {
    numReads: 2,
    seed: 3,
    betaScheduleType: "custom",
    betaSchedule,
    numSweepsPerBeta: 3,
  });
  assert.deepEqual(set.info.betaSchedule, betaSchedule);
  assert.equal(set.info.numSweeps, 12);
  assert.deepEqual(set.info.betaRange, [0.1, 8]);
  assert.equal(set.info.betaRangeRule, "schedule");
  // Same as the expanded schedule with one sweep per beta.
  const expanded = betaSchedule.flatMap((b) => [b, b, b]);
  const same = anneal(qubo, {
    numReads: 2,
    seed: 3,
    betaScheduleType: "custom",
    betaSchedule: expanded,
  });
  assert.deepEqual(same.samples, set.samples);
});

Deno.test("default beta range: typical-flip unless betaRangeRule says neal", () => {
  const qubo = randomQubo(9, 5);
  const typical = anneal(qubo, { numReads: 1, numSweeps: 10, seed: 1 });
  assert.deepEqual(typical.info.betaRange, typicalFlipBetaRange(qubo));
  assert.equal(typical.info.betaRangeRule, "typical-flip");
  const neal = anneal(qubo, { numReads: 1, numSweeps: 10, seed: 1, betaRangeRule: "neal" });
  assert.deepEqual(neal.info.betaRange, nealBetaRange(qubo));
  assert.equal(neal.info.betaRangeRule, "neal");
});

Deno.test("initial states are respected with 0 sweeps: per read, broadcast, random fill", () => {
  const qubo = randomQubo(5, 6);
  const states = Uint8Array.from([1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  const perRead = anneal(qubo, { numSweeps: 0, initialStates: states, seed: 1 });
  assert.equal(perRead.numReads, 3, "numReads defaults to the number of given states");
  assert.deepEqual(perRead.samples, states);
  assert.equal(perRead.energies[1], quboEnergy(qubo, states, 5));

  const one = states.subarray(0, 5);
  const broadcast = anneal(qubo, { numReads: 4, numSweeps: 0, initialStates: one, seed: 1 });
  for (let r = 0; r < 4; r++) assert.deepEqual(broadcast.samples.subarray(r * 5, r * 5 + 5), one);

  const filled = anneal(qubo, {
    numReads: 3,
    numSweeps: 0,
    initialStates: one,
    initialStatesGenerator: "random",
    seed: 8,
  });
  assert.deepEqual(filled.samples.subarray(0, 5), one);
  const expected = new Uint8Array(5);
  fillRandomBits(seedState(8, 2), expected);
  assert.deepEqual(filled.samples.subarray(10, 15), expected);
  assert.equal(filled.info.initialStates, "given+random");
});

Deno.test("annealing from a given state reaches the planted ground state", () => {
  const { qubo, ground } = plantedQubo(12, 4);
  const start = ground.map((b) => 1 - b);
  const set = anneal(qubo, { numReads: 3, initialStates: start, seed: 2, numSweeps: 500 });
  assert.deepEqual(set.samples.subarray(0, 12), ground);
});

Deno.test("reads are independent streams: the first k reads do not depend on numReads", () => {
  const qubo = randomQubo(12, 8);
  const five = anneal(qubo, { numReads: 5, numSweeps: 50, seed: 77 });
  const three = anneal(qubo, { numReads: 3, numSweeps: 50, seed: 77 });
  assert.deepEqual(three.samples, five.samples.subarray(0, 36));
  const other = anneal(qubo, { numReads: 5, numSweeps: 50, seed: 78 });
  assert.notDeepEqual(other.samples, five.samples);
});

Deno.test("without a seed one is drawn, reported, and reproduces the run", async () => {
  const qubo = randomQubo(12, 9);
  const sampler = new SaSampler();
  const first = await sampler.sample(qubo, { numReads: 3, numSweeps: 40 });
  const seed = first.info.seed as number;
  assert.ok(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff);
  const again = await sampler.sample(qubo, { numReads: 3, numSweeps: 40, seed });
  assert.deepEqual(again.samples, first.samples);
});

Deno.test("the async sampler and the synchronous anneal give identical samples", async () => {
  const qubo = randomQubo(14, 10);
  const params = { numReads: 6, numSweeps: 100, seed: 5 };
  const progress: number[] = [];
  const set = await new SaSampler((e) => progress.push(e.done)).sample(qubo, params);
  assert.deepEqual(set.samples, anneal(qubo, params).samples);
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
});

Deno.test("Gibbs acceptance and random order also find small ground states", () => {
  const qubo = randomQubo(12, 12);
  const ground = solveExact(qubo).energies[0];
  for (
    const extra of [
      { proposalAcceptanceCriteria: "gibbs" as const },
      { randomizeOrder: true },
      { randomizeOrder: true, proposalAcceptanceCriteria: "gibbs" as const },
    ]
  ) {
    const params = { numReads: 10, numSweeps: 500, seed: 4, ...extra };
    const set = anneal(qubo, params);
    assert.equal(Math.min(...set.energies), ground, JSON.stringify(extra));
    assert.deepEqual(anneal(qubo, params).samples, set.samples);
  }
});

Deno.test("synchronous anneal: abort signal throws, interrupt returns the reads done", () => {
  const qubo = randomQubo(8, 13);
  const controller = new AbortController();
  controller.abort();
  assert.throws(() => anneal(qubo, { seed: 1 }, { signal: controller.signal }), {
    name: "AbortError",
  });
  let calls = 0;
  const set = anneal(qubo, { numReads: 5, numSweeps: 10, seed: 1 }, {
    interrupt: () => ++calls > 2,
  });
  assert.equal(set.numReads, 2);
  assert.equal(set.info.interrupted, true);
  assert.deepEqual(set.samples, anneal(qubo, { numReads: 2, numSweeps: 10, seed: 1 }).samples);
});

Deno.test("parameter errors name the parameter and the allowed values", async () => {
  const qubo = randomQubo(3, 14);
  const cases: [Record<string, unknown>, string][] = [
    [
      { betaScheduleType: "custom" },
      'Sampler "sa": parameter "betaSchedule" must be given (a list of betas) when betaScheduleType is "custom", got undefined.',
    ],
    [
      { betaSchedule: [1, 2] },
      'Sampler "sa": parameter "betaSchedule" must be left out unless betaScheduleType is "custom", got [1,2].',
    ],
    [
      { betaScheduleType: "custom", betaSchedule: [1, -2] },
      'Sampler "sa": parameter "betaSchedule" must be a non-empty list of finite betas >= 0, got [1,-2].',
    ],
    [
      { betaScheduleType: "custom", betaSchedule: [1, 2], numSweeps: 3 },
      'Sampler "sa": parameter "numSweeps" must be left out or equal to betaSchedule length x numSweepsPerBeta = 2, got 3.',
    ],
    [
      { numSweeps: 10, numSweepsPerBeta: 3 },
      'Sampler "sa": parameter "numSweeps" must be a multiple of numSweepsPerBeta = 3, got 10.',
    ],
    [
      { betaRange: [0, 1] },
      'Sampler "sa": parameter "betaRange" must be [hot, cold] with 0 < hot < cold (finite), got [0,1].',
    ],
    [
      { initialStates: [1, 0] },
      'Sampler "sa": parameter "initialStates" must be 0/1 values, a multiple of n = 3 of them (one state of n bits per read), got [1,0].',
    ],
    [
      { initialStates: [1, 0, 2] },
      'Sampler "sa": parameter "initialStates" must be 0/1 values, a multiple of n = 3 of them (one state of n bits per read), got [1,0,2].',
    ],
    [
      { numReads: 2, initialStates: [1, 0, 1], initialStatesGenerator: "none" },
      'Sampler "sa": parameter "initialStates" must be 2 states of 3 bits (numReads x n values) when initialStatesGenerator is "none", got [1,0,1].',
    ],
    [
      { randomizeOrder: "yes" },
      'Sampler "sa": parameter "randomizeOrder" must be true or false, got "yes".',
    ],
    [
      { proposalAcceptanceCriteria: "Metropolis" },
      'Sampler "sa": parameter "proposalAcceptanceCriteria" must be one of "metropolis", "gibbs", got "Metropolis".',
    ],
  ];
  for (const [params, message] of cases) {
    await assertUserError(() => anneal(qubo, params), message);
  }
});

Deno.test("bad QUBOs are refused with one clear sentence", async () => {
  await assertUserError(
    () => anneal(makeQubo(2, Float64Array.from([1, 2, 3, 4])), { seed: 1 }),
    'Sampler "sa": the QUBO matrix is not symmetric (Q[0][1] = 2 but Q[1][0] = 3); store Q_ij = Q_ji, each half of the coupling.',
  );
  await assertUserError(
    () => anneal(makeQubo(2, Float64Array.from([1, NaN, NaN, 4])), { seed: 1 }),
    'Sampler "sa": QUBO entry Q[0][1] is NaN; every entry must be a finite number.',
  );
});
