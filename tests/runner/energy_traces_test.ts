import { assert } from "../helpers/assert.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";
import type { CellRecord } from "../../lib/results/types.ts";
import { isTracedSolve } from "../../lib/runner/energy_traces.ts";
import { buildReport } from "../../lib/report/build_report.ts";

const yaml = (trace: boolean) => `
name: traces
dataset: { name: digits, trainPerClass: 30, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: 1 }
training: { bits: 5, iterations: 5, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 60, seed: 3${
  trace ? ", traceEnergy: true" : ""
} } }
baselines: false
report: false
`;

async function run(trace: boolean, cacheDir: string, outDir: string) {
  const { summary } = await runPipeline({
    pipeline: parsePipeline(yaml(trace), "traces.yaml"),
    cacheDir,
    outDir,
    jobs: 1,
    reporter: silentReporter,
  });
  const record: CellRecord = JSON.parse(
    await Deno.readTextFile(`${outDir}/cells/digits_seed-1_K-5_sa.json`),
  );
  return { summary, record };
}

Deno.test("isTracedSolve: classes 0 to 2 at iterations 1, 2, 4, 8, ...", () => {
  const traced = [];
  for (let t = 1; t <= 17; t++) {
    for (let c = 0; c < 5; c++) if (isTracedSolve(t, c)) traced.push(`${t}/${c}`);
  }
  assert.deepStrictEqual(traced, [
    ...["1/0", "1/1", "1/2", "2/0", "2/1", "2/2", "4/0", "4/1", "4/2"],
    ...["8/0", "8/1", "8/2", "16/0", "16/1", "16/2"],
  ]);
});

Deno.test("traceEnergy: a few solves traced over the iterations, the same training, a figure", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-traces-" });
  try {
    const plain = await run(false, `${dir}/cache`, `${dir}/plain`);
    assert.strictEqual(plain.record.energyTraces, undefined);
    const traced = await run(true, `${dir}/cache`, `${dir}/traced`);
    // The manifest holds the sampler as given and as it ran (every default resolved).
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/traced/manifest.json`));
    assert.deepStrictEqual(manifest.cells[0].sampler.params, {
      numReads: 1,
      numSweeps: 60,
      seed: 3,
      traceEnergy: true,
    });
    assert.strictEqual(manifest.cells[0].samplerResolved.params.numSweepsPerBeta, 1);
    assert.strictEqual(manifest.cells[0].samplerResolved.params.moves, "bit");
    assert.deepStrictEqual(manifest.cells[0].samplerResolved, traced.record.sampler);
    // Tracing changes nothing the head learns.
    assert.deepStrictEqual(traced.record.weights, plain.record.weights);
    assert.deepStrictEqual(
      traced.record.iterations.map((r) => r.crossEntropy),
      plain.record.iterations.map((r) => r.crossEntropy),
    );
    // Only the traced solves ran again: the other ones came from the cache.
    const solves = traced.summary.cache?.solve;
    const iterations = traced.record.iterations.length;
    const tracedIterations = [1, 2, 4, 8].filter((t) => t <= iterations);
    assert.strictEqual(solves?.misses, 3 * tracedIterations.length);
    const traces = traced.record.energyTraces!;
    assert.deepStrictEqual(
      traces.map((t) => `${t.iteration}/${t.classIndex}`),
      tracedIterations.flatMap((t) => [0, 1, 2].map((c) => `${t}/${c}`)),
    );
    for (const t of traces) {
      assert.strictEqual(t.sweeps.length, 61);
      assert.strictEqual(t.energies.length, 61);
      // Read 0 starts from the current weights: its first energy is "do not move".
      assert.ok(
        Math.abs(t.energies[0] - t.stayEnergy) <= 1e-12 * Math.max(1, Math.abs(t.stayEnergy)),
      );
      assert.ok(t.continuousEnergy < t.stayEnergy);
    }
    // Iteration 1's trace ends at the energy the anneal record holds for class 0's read.
    const first = traces[0];
    const read = traced.record.anneal!.classes[0].energies[0];
    assert.ok(Math.abs(first.energies[60] - read) <= 1e-9 * Math.max(1, Math.abs(read)));

    const { files } = await buildReport(`${dir}/traced`);
    const figure = files.find((f) => f.includes("energy_traces_"));
    assert.ok(figure, files.join("\n"));
    const svg = await Deno.readTextFile(figure);
    for (const t of tracedIterations) {
      assert.ok(svg.includes(`iteration ${t}<`), `legend lacks ${t}`);
    }
    assert.strictEqual(svg.match(/data-iteration=/g)?.length, traces.length);
    const { files: plainFiles } = await buildReport(`${dir}/plain`);
    assert.ok(!plainFiles.some((f) => f.includes("energy_traces_")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
