/**
 * The sample QUBO of the heat map stays in the cache unless `run --save-qubos` asks for the
 * file; the report finds it in either place and, when neither holds it, says so in a note.
 */
import assert from "node:assert/strict";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";
import { buildReport } from "../../lib/report/build_report.ts";

const YAML = `
name: heat
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: 1 }
training: { bits: 4, iterations: 2 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 20, seed: 0 } }
baselines: false
report: false
`;

Deno.test("report: the heat map from the cache, from a saved file, or a note when neither", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-heat-" });
  try {
    const run = (out: string, saveQubos: boolean) =>
      runPipeline({
        pipeline: parsePipeline(YAML, "heat.yaml"),
        cacheDir: `${dir}/cache`,
        outDir: `${dir}/${out}`,
        jobs: 1,
        reporter: silentReporter,
        saveQubos,
      });
    await run("cached", false);
    await run("saved", true);
    const heatmap = async (out: string) => {
      const { files } = await buildReport(`${dir}/${out}`);
      const file = files.find((f) => f.includes("qubo_heatmap_"));
      return file ? await Deno.readTextFile(file) : undefined;
    };
    const fromCache = await heatmap("cached");
    const fromFile = await heatmap("saved");
    assert.ok(fromCache, "no heat map drawn from the cache");
    assert.equal(fromCache, fromFile);

    await Deno.remove(`${dir}/cache`, { recursive: true });
    assert.equal(await heatmap("cached"), undefined);
    const page = await Deno.readTextFile(`${dir}/cached/index.html`);
    assert.match(
      page,
      /No QUBO heat map for digits: the sample QUBO of digits\/seed=1\/K=4\/sa is kept in the cache only \(entry [0-9a-f]{12}\), and &quot;[^&]+&quot; no longer holds it; run the pipeline again \(with --save-qubos to keep the matrix in the results folder\)\./,
    );
    // The saved file does not need the cache.
    assert.equal(await heatmap("saved"), fromFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
