/**
 * Cache keys are the project's memory: a refactor must not change them. These pin the keys of
 * cells of the digits pipeline as committed at stop 8 (the text is frozen here, so editing the
 * committed YAML does not move the pin), and check that `plan` (cellSpecs) and `run` (the
 * manifest) build every key from the same stage definitions.
 */
import { assert } from "../helpers/assert.ts";
import { stageKey } from "../../lib/cache/canonical.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { datasetKey } from "../../lib/runner/feature_stage.ts";
import { cellSpecs } from "../../lib/runner/plan.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";

const DIGITS_AT_STOP_8 = `
name: digits
dataset: { name: digits, testFraction: 0.25, splitSeed: 0 }
features: { filters: 4, kernel: 3, activation: relu, pooling: mean, pool: 2, seed: [1, 2, 3] }
training: { bits: [5, 10, 15, 20], policy: trust, iterations: 30, eta: 0.5, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 200, seed: 0 } }
baselines:
  sgd: { epochs: 20, learningRate: 0.1, batchSize: 128, seed: 0 }
  exact: { maxIterations: 500, tolerance: 1.0e-9 }
report: true
`;

const PINNED: Record<string, Record<string, string>> = {
  "digits/seed=1/K=5/sa": {
    features: "6f579b813eaf9972b6e40b2b664dc314e5d0a616ba21d0673fdb12f1a8f99360",
    gram: "5df2a61d4dc4045e53657f1ed717d8f7b76c6b4d090128b77dd7eaa15361d14b",
    train: "0395656e22e5dbaef5dc66b3d96b942c632b237ea66558d3a6e307fdc8822fbb",
  },
  "digits/seed=3/K=20/sa": {
    features: "12ff9b9932e47d8bb1cb6a8af331d84bbe3812343f932c3a75bd4847ed72221c",
    gram: "599d83f1a5964a3bfe022d1b01b1414afa4cd75608d85bcafe03856f9885da25",
    train: "a1b1ef023b171902b0dea62c30b0b1ace4010e1dfe9da6e5abc2b689fafc92d9",
  },
};

async function keysOf(specs: Record<string, { stage: string }>) {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = await stageKey(spec as Parameters<typeof stageKey>[0]);
  }
  return out;
}

Deno.test("the digits pipeline's cache keys are those of stop 8", async () => {
  const pipeline = parsePipeline(DIGITS_AT_STOP_8, "digits.yaml");
  for (const [id, pinned] of Object.entries(PINNED)) {
    const cell = pipeline.cells.find((c) => c.id === id)!;
    const dataset = await loadDataset(cell.dataset);
    const specs = await cellSpecs(cell, await datasetKey(dataset, { ...cell.dataset }));
    assert.deepStrictEqual(await keysOf(specs), pinned, id);
  }
});

Deno.test("plan predicts exactly the keys run records", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const text = DIGITS_AT_STOP_8.replace("iterations: 30", "iterations: 2")
      .replace("seed: [1, 2, 3]", "seed: 1").replace("bits: [5, 10, 15, 20]", "bits: [3, 4]")
      .replace("report: true", "report: false");
    const pipeline = parsePipeline(text, `${dir}/p.yaml`);
    const { outDir } = await runPipeline({
      pipeline,
      outDir: `${dir}/out`,
      cacheDir: `${dir}/cache`,
      jobs: 1,
      reporter: silentReporter,
    });
    const manifest = JSON.parse(await Deno.readTextFile(`${outDir}/manifest.json`));
    assert.strictEqual(manifest.cells.length, 2);
    for (const [i, cell] of pipeline.cells.entries()) {
      const dataset = await loadDataset(cell.dataset);
      const planned = await keysOf(
        await cellSpecs(cell, await datasetKey(dataset, { ...cell.dataset })),
      );
      for (const stage of ["features", "gram", "train"]) {
        assert.strictEqual(planned[stage], manifest.cells[i].keys[stage], `${cell.id} ${stage}`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
