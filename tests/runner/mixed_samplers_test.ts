/** A pipeline that zips an exact-sampler cell beside annealed ones: plan, run and tables agree. */
import assert from "node:assert/strict";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";
import { planPipeline } from "../../lib/runner/plan.ts";
import { precisionTable } from "../../lib/runner/results_table.ts";

const YAML = `
name: mixed
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 1, kernel: 3, pool: 3, seed: [1, 2] }
training: { iterations: 2 }
zip:
  - training.bits: [2, 6, 6]
    sampler:
      - { name: exact }
      - { name: sa, params: { numReads: 1, numSweeps: 20, seed: 0 } }
      - { name: sa, params: { numReads: 1, numSweeps: 80, seed: 0 } }
baselines: { sgd: false }
report: false
`;

const IDS = [1, 2].flatMap((s) => [
  `digits/seed=${s}/K=2/exact`,
  `digits/seed=${s}/K=6/sa/numSweeps=20`,
  `digits/seed=${s}/K=6/sa/numSweeps=80`,
]);

Deno.test("zipped samplers: plan and run name the same cells, tables keep samplers apart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-mixed-" });
  try {
    const pipeline = parsePipeline(YAML, `${dir}/mixed.yaml`);
    const plan = await planPipeline(pipeline, { cacheDir: `${dir}/cache` });
    for (const id of IDS) assert.ok(plan.includes(id), `plan lacks ${id}`);
    const { summary } = await runPipeline({
      pipeline,
      cacheDir: `${dir}/cache`,
      outDir: `${dir}/out`,
      jobs: 1,
      reporter: silentReporter,
    });
    assert.deepEqual(summary.cells.map((c) => c.id), IDS);
    assert.deepEqual(summary.cells.map((c) => c.sampler), [
      "exact",
      "sa",
      "sa",
      "exact",
      "sa",
      "sa",
    ]);
    assert.deepEqual(summary.cells.map((c) => c.variables), [10, 30, 30, 10, 30, 30]);
    const rows = precisionTable(summary.cells, summary.baselines, 200).split("\n")
      .filter((line) => line.startsWith("digits/"))
      .map((line) => line.split(/\s{2,}/).slice(0, 2));
    assert.deepEqual(rows, [
      ["digits/K=2/exact (brute force)", "2"],
      ["digits/K=6/sa/numSweeps=20", "2"],
      ["digits/K=6/sa/numSweeps=80", "2"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
