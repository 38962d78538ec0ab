import { assert } from "../helpers/assert.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";
import { formatWhy, whyCell } from "../../lib/runner/why.ts";

const YAML = `
name: why-tiny
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: [1] }
training: { bits: [3, 4], iterations: 3, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 50, seed: 0 } }
baselines: {}
report: false
`;

/** One finished run under `${dir}/results/first`, cached in `${dir}/cache`. */
async function firstRun(dir: string) {
  await runPipeline({
    pipeline: parsePipeline(YAML, "why-tiny.yaml"),
    cacheDir: `${dir}/cache`,
    outDir: `${dir}/results/first`,
    jobs: 1,
    reporter: silentReporter,
    report: false,
  });
}

function changed(yaml: string) {
  return parsePipeline(yaml, "why-tiny.yaml");
}

Deno.test("why: changing only the bits names training.bits and reuses features and gram", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await firstRun(dir);
    const pipeline = changed(YAML.replace("bits: [3, 4]", "bits: [3, 6]"));
    const answer = await whyCell(pipeline, "digits/seed=1/K=6/sa", {
      resultsDir: `${dir}/results`,
      cacheDir: `${dir}/cache`,
    });
    assert.strictEqual(answer.comparedWith, "digits/seed=1/K=4/sa");
    const byStage = Object.fromEntries(answer.stages.map((s) => [s.stage, s]));
    assert.deepStrictEqual(byStage.features.changes, []);
    assert.deepStrictEqual(byStage.gram.changes, []);
    assert.ok(byStage.features.cached && byStage.gram.cached);
    assert.deepStrictEqual(byStage.train.changes, ["params.training.bits: 4 -> 6"]);
    assert.strictEqual(byStage.train.cached, false);
    const text = formatWhy(answer);
    assert.match(text, /is not in .*first.*closest cell there, digits\/seed=1\/K=4\/sa/);
    assert.match(text, /train\s+compute\s+params\.training\.bits: 4 -> 6/);
    assert.match(text, /A run would reuse 2 and compute 1\./);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("why: a feature change is named at features and followed downstream", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await firstRun(dir);
    const pipeline = changed(YAML.replace("kernel: 3", "kernel: 5"));
    const answer = await whyCell(pipeline, "digits/seed=1/K=3/sa", {
      resultsDir: `${dir}/results`,
      cacheDir: `${dir}/cache`,
    });
    assert.strictEqual(answer.comparedWith, "digits/seed=1/K=3/sa");
    const byStage = Object.fromEntries(answer.stages.map((s) => [s.stage, s]));
    assert.deepStrictEqual(byStage.features.changes, ["params.kernel: 3 -> 5"]);
    assert.deepStrictEqual(byStage.gram.changes, [
      "upstream.features changed because features changed",
    ]);
    assert.ok(answer.stages.every((s) => !s.cached));

    const unchanged = await whyCell(changed(YAML), "digits/seed=1/K=3/sa", {
      since: `${dir}/results/first`,
      cacheDir: `${dir}/cache`,
    });
    assert.ok(unchanged.stages.every((s) => s.changes.length === 0 && s.cached));
    assert.match(formatWhy(unchanged), /Nothing that enters a cache key changed/);

    const dataset = await whyCell(
      changed(YAML.replace("testPerClass: 10", "testPerClass: 12")),
      "digits/seed=1/K=3/sa",
      { resultsDir: `${dir}/results`, cacheDir: `${dir}/cache` },
    );
    assert.ok(dataset.stages[0].changes.includes("dataset.testPerClass: 10 -> 12"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("why: unknown cells and missing runs are one clear sentence", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      whyCell(changed(YAML), "digits/seed=1/K=33/sa", { resultsDir: `${dir}/results` }),
      /why-tiny\.yaml has no cell "digits\/seed=1\/K=33\/sa"; did you mean "digits\/seed=1\/K=3\/sa"\?/,
    );
    await assert.rejects(
      whyCell(changed(YAML), "digits/seed=1/K=3/sa", { resultsDir: `${dir}/results` }),
      /no finished run of pipeline "why-tiny" under .*results\/ to compare with/,
    );
    await assert.rejects(
      whyCell(changed(YAML), "digits/seed=1/K=3/sa", { since: `${dir}/nowhere` }),
      /nowhere has no manifest\.json/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
