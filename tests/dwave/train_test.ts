/**
 * End to end: a small classifier head trained by per-class QUBOs sent through dwave-hybrid and
 * dwave-qpu to the mock SAPI reaches the accuracy the local annealer reaches on the same data.
 */
import { ok as assert } from "node:assert";
import { toDense } from "../../lib/structured_qubo.ts";
import { type HeadProblem, trainQuboHead } from "../../lib/train/train_head.ts";
import { DEFAULT_TRAIN_SETTINGS } from "../../lib/train/config.ts";
import { saSampler } from "../../samplers/sa.ts";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import type { Sampler } from "../../samplers/sampler.ts";
import { mockOptions, withMock } from "./helpers.ts";

/** Three Gaussian clusters in 4 dimensions, with a bias column: width 5. */
function clusters(count: number, seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state + 0.5) / 2147483648;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const centres = [[1.5, 0, 0, -1], [-1, 1.5, 0, 0.5], [0, -1, 1.5, 0.5]];
  const x = new Float64Array(count * 5);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let j = 0; j < 4; j++) x[i * 5 + j] = centres[c][j] + 0.8 * normal();
    x[i * 5 + 4] = 1;
  }
  return { x, count, labels };
}

function headProblem(): HeadProblem {
  const train = clusters(150, 1);
  const test = clusters(90, 2);
  const gram = new Float64Array(25);
  for (let i = 0; i < train.count; i++) {
    for (let a = 0; a < 5; a++) {
      for (let b = 0; b < 5; b++) {
        gram[a * 5 + b] += train.x[i * 5 + a] * train.x[i * 5 + b] / train.count;
      }
    }
  }
  return { train, test, width: 5, classes: 3, gram };
}

async function testAccuracy(sampler: Sampler, params: Record<string, unknown>): Promise<number> {
  const result = await trainQuboHead(headProblem(), {
    settings: { ...DEFAULT_TRAIN_SETTINGS, bits: 4, iterations: 6 },
    solve: (task, signal) => sampler.sample(toDense(task.problem), params, signal),
    seed: 3,
    sampler: sampler.name,
  });
  return result.iterations[result.iterations.length - 1].testAccuracy;
}

Deno.test("a head trained through dwave-hybrid and dwave-qpu on the mock matches the local annealer", async () => {
  const local = await testAccuracy(saSampler, { numReads: 10, seed: 1 });
  assert(local >= 0.8, `local accuracy ${local}`);
  await withMock({}, async (mock) => {
    const hybrid = await testAccuracy(createDwaveSampler("dwave-hybrid", mockOptions(mock)), {});
    const qpu = await testAccuracy(createDwaveSampler("dwave-qpu", mockOptions(mock)), {
      solver: "Advantage2_prototype_mock",
      numReads: 50,
    });
    console.log(
      `test accuracy: sa ${local.toFixed(3)}, dwave-hybrid ${hybrid.toFixed(3)}, dwave-qpu ${
        qpu.toFixed(3)
      } (n = 20)`,
    );
    assert(Math.abs(hybrid - local) <= 0.05, `hybrid ${hybrid} vs local ${local}`);
    assert(Math.abs(qpu - local) <= 0.08, `qpu ${qpu} vs local ${local}`);
    assert(mock.stats.submissions >= 2 * 3); // at least one iteration of 3 classes each
  });
});
