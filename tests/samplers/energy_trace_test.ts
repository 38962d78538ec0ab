import assert from "node:assert/strict";
import { anneal } from "../../samplers/sa.ts";
import type { EnergyTrace } from "../../samplers/energy_trace.ts";
import { problemEnergy, type QuboProblem } from "../../lib/structured_qubo.ts";
import { randomQubo, randomStructured } from "./problems.ts";

const structured = randomStructured(7, 4, 11);
const dense = randomQubo(24, 5);

const cases: { name: string; problem: QuboProblem; params: Record<string, unknown> }[] = [
  { name: "structured, bit moves", problem: structured, params: {} },
  { name: "structured, level moves", problem: structured, params: { moves: "level" } },
  { name: "structured, weight moves", problem: structured, params: { moves: "weight" } },
  {
    name: "structured, random order, Gibbs",
    problem: structured,
    params: { randomizeOrder: true, proposalAcceptanceCriteria: "gibbs" },
  },
  {
    name: "dense kernel on a structured problem",
    problem: structured,
    params: { kernel: "dense" },
  },
  { name: "dense", problem: dense, params: {} },
  { name: "dense, random order", problem: dense, params: { randomizeOrder: true } },
];

for (const { name, problem, params } of cases) {
  Deno.test(`traceEnergy (${name}): the same samples, and read 0's energy after every sweep`, () => {
    const base = { numReads: 3, numSweeps: 60, numSweepsPerBeta: 2, seed: 9, ...params };
    const plain = anneal(problem, base);
    const traced = anneal(problem, { ...base, traceEnergy: true });
    assert.deepEqual(traced.samples, plain.samples);
    assert.deepEqual(traced.energies, plain.energies);
    assert.deepEqual(plain.info.energyTrace, undefined);
    const trace = traced.info.energyTrace as EnergyTrace;
    assert.deepEqual(trace.sweeps, Array.from({ length: 61 }, (_, k) => k));
    // Sweep 0 is the start state (random, from the seed): re-run with 0 sweeps to get it.
    const start = anneal(problem, { ...base, numSweeps: 0, numReads: 1 });
    assert.deepEqual(trace.energies[0], problemEnergy(problem, start.samples));
    const last = trace.energies[trace.energies.length - 1];
    const scale = Math.max(1, Math.abs(traced.energies[0]));
    assert.ok(
      Math.abs(last - traced.energies[0]) <= 1e-9 * scale,
      `trace ends at ${last}, read 0 at ${traced.energies[0]}`,
    );
  });
}

Deno.test("traceEnergy keeps at most 200 evenly spaced sweeps, first and last included", () => {
  const set = anneal(structured, { numReads: 1, numSweeps: 1000, seed: 1, traceEnergy: true });
  const trace = set.info.energyTrace as EnergyTrace;
  assert.deepEqual(trace.sweeps.length, 200);
  assert.deepEqual(trace.energies.length, 200);
  assert.deepEqual(trace.sweeps[0], 0);
  assert.deepEqual(trace.sweeps[199], 1000);
  assert.deepEqual(trace.sweeps[1], 5);
  for (let p = 1; p < 200; p++) assert.ok(trace.sweeps[p] > trace.sweeps[p - 1]);
});

Deno.test("traceEnergy must be true or false", () => {
  let message = "";
  try {
    anneal(structured, { traceEnergy: "yes" as unknown as boolean });
  } catch (error) {
    message = (error as Error).message;
  }
  assert.ok(/traceEnergy/.test(message), message);
});

Deno.test("traceEnergy: the energy after sweep k is that of a read stopped after k sweeps", () => {
  // A custom schedule's first k betas run the first k sweeps of the same chain.
  const betas = Array.from({ length: 30 }, (_, k) => 0.05 * 1.2 ** k);
  const chains = [
    [structured, { moves: "level" }],
    [structured, { moves: "weight" }],
    [dense, {}],
  ] as const;
  for (const [problem, params] of chains) {
    const base = { numReads: 1, seed: 4, betaScheduleType: "custom" as const, ...params };
    const set = anneal(problem, { ...base, betaSchedule: betas, traceEnergy: true });
    const trace = set.info.energyTrace as EnergyTrace;
    for (const k of [1, 7, 18]) {
      const stopped = anneal(problem, { ...base, betaSchedule: betas.slice(0, k) });
      const scale = Math.max(1, Math.abs(stopped.energies[0]));
      assert.ok(Math.abs(trace.energies[k] - stopped.energies[0]) <= 1e-9 * scale, `sweep ${k}`);
    }
  }
});
