import { assert, assertClose } from "../helpers/assert.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { type RunReporter, silentReporter } from "../../lib/runner/reporter.ts";
import type { RunSummary } from "../../lib/results/types.ts";
import { SUMMARY_FORMAT } from "../../lib/results/summary.ts";
import { readResults } from "../../lib/report/read_results.ts";

const YAML = `
name: tiny
dataset: { name: digits, trainPerClass: 40, testPerClass: 20 }
features: { filters: 2, kernel: 3, pool: 2, seed: [1] }
training: { bits: [5, 8], iterations: 6, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 100, seed: 3 } }
baselines:
  sgd: { epochs: 10, learningRate: 0.1, batchSize: 32, seed: 0 }
  exact: { maxIterations: 300, tolerance: 1.0e-9 }
report: false
`;

async function run(
  cacheDir: string,
  outDir: string,
  options: { signal?: AbortSignal; reporter?: RunReporter; jobs?: number } = {},
) {
  const pipeline = parsePipeline(YAML, "tiny.yaml");
  return await runPipeline({
    pipeline,
    cacheDir,
    outDir,
    jobs: options.jobs ?? 2,
    reporter: options.reporter ?? silentReporter,
    signal: options.signal,
  });
}

function comparable(summary: RunSummary) {
  return summary.cells.map((
    c,
  ) => [c.id, c.variables, c.trainAccuracy, c.testAccuracy, c.solveQuality]);
}

Deno.test("a run trains every cell, beats chance by far, and writes the stable summary", async () => {
  const dir = await Deno.makeTempDir();
  const { summary } = await run(`${dir}/cache`, `${dir}/out`);
  assert.deepStrictEqual(summary.cells.map((c) => c.id), [
    "digits/seed=1/K=5/sa",
    "digits/seed=1/K=8/sa",
  ]);
  for (const cell of summary.cells) {
    // d = 2 filters x 3 x 3 = 18, so n = 19 K.
    assert.strictEqual(cell.variables, 19 * cell.bits);
    assert.ok(cell.couplers > 0 && cell.couplers <= (cell.variables * (cell.variables - 1)) / 2);
    assert.ok(cell.testAccuracy > 0.6, `test accuracy ${cell.testAccuracy}`);
    assert.ok(
      cell.solveQuality > 0.7 && cell.solveQuality <= 1 + 1e-9,
      `solve quality ${cell.solveQuality}`,
    );
  }
  assert.deepStrictEqual(summary.baselines.map((b) => [b.dataset, b.seed, b.method, b.ridge]), [
    ["digits", 1, "sgd", 0.01],
    ["digits", 1, "exact", 0.01],
  ]);
  // What is on disk reads back through the results schemas to exactly what the run returned.
  const onDisk = await readResults(`${dir}/out`);
  assert.deepStrictEqual(onDisk.summary, summary);
  assert.deepStrictEqual(onDisk.missingRecords, []);
  assert.strictEqual(onDisk.summary.format, SUMMARY_FORMAT);
  assert.deepStrictEqual(
    summary.cells.map((c) => [c.dataset, c.seed, c.bits, c.sampler, c.policy, c.variables]),
    [["digits", 1, 5, "sa", "trust", 95], ["digits", 1, 8, "sa", "trust", 152]],
  );
  for (const cell of summary.cells) {
    const cellRecord = onDisk.records.get(cell.id)!;
    // The record keeps the cell's line as trained; summary.json adds the time over SGD's.
    const { sgdTimeRatio, ...trained } = cell;
    assert.deepStrictEqual(cellRecord.summary, trained);
    const sgd = summary.baselines.find((b) => b.method === "sgd")!;
    assert.strictEqual(sgdTimeRatio, cell.trainingSeconds! / sgd.seconds!);
    // The summary's numbers are the record's: the last iteration, the confusion matrix.
    const last = cellRecord.iterations[cellRecord.iterations.length - 1];
    assert.strictEqual(cell.iterations, 6);
    assert.strictEqual(cellRecord.iterations.length, 6);
    assert.strictEqual(cell.trainAccuracy, last.trainAccuracy);
    assert.strictEqual(cell.testAccuracy, last.testAccuracy);
    const trace = cellRecord.confusion.reduce((sum, row, i) => sum + row[i], 0);
    assert.strictEqual(cell.testAccuracy, trace / 200);
    assert.strictEqual(cell.qubos, 6 * 10);
    assert.strictEqual(
      cell.seconds,
      Object.entries(cellRecord.stageSeconds)
        .filter(([stage]) => stage !== "features" && stage !== "gram")
        .reduce((sum, [, seconds]) => sum + seconds, 0),
    );
  }
  const manifest = onDisk.manifest!;
  assert.deepStrictEqual(manifest.cells.map((c) => [c.id, Object.keys(c.keys).sort()]), [
    ["digits/seed=1/K=5/sa", ["dataset", "features", "gram", "quboSample", "train"]],
    ["digits/seed=1/K=8/sa", ["dataset", "features", "gram", "quboSample", "train"]],
  ]);
  assert.strictEqual(manifest.pipeline, "tiny");
  assert.strictEqual(manifest.pipelineFile, "tiny.yaml");
  const record = onDisk.records.get("digits/seed=1/K=5/sa")!;
  const tested = record.confusion.flat().reduce((a: number, b: number) => a + b, 0);
  assert.strictEqual(tested, 200);
  // The sample QUBO stays in the cache (named by key) unless the run asks for the file.
  assert.strictEqual(record.quboSample!.file, undefined);
  assert.match(record.quboSample!.cacheKey!, /^[0-9a-f]{64}$/);
  const cellFiles = await Array.fromAsync(Deno.readDir(`${dir}/out/cells`), (e) => e.name);
  assert.ok(!cellFiles.some((name) => name.endsWith(".f64")), cellFiles.join(", "));
  const saved = await runPipeline({
    pipeline: parsePipeline(YAML, "tiny.yaml"),
    cacheDir: `${dir}/cache`,
    outDir: `${dir}/saved`,
    reporter: silentReporter,
    saveQubos: true,
  });
  assert.strictEqual(saved.summary.cells.length, 2);
  const kept = JSON.parse(
    await Deno.readTextFile(`${dir}/saved/cells/digits_seed-1_K-5_sa.json`),
  );
  assert.strictEqual(kept.quboSample.cacheKey, record.quboSample!.cacheKey);
  const qubo = await Deno.readFile(`${dir}/saved/${kept.quboSample.file}`);
  assert.strictEqual(qubo.byteLength, 8 * 95 * 95);
  // The training loop never raises the objective (every kept solve lowers the surrogate).
  const losses = record.iterations.map((r) => r.crossEntropy);
  for (let i = 1; i < losses.length; i++) {
    assert.ok(losses[i] <= losses[i - 1] + 0.01 * 0.5 * 1e-3 + 1e-6);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an unchanged re-run reuses every stage and gives identical results", async () => {
  const dir = await Deno.makeTempDir();
  const first = await run(`${dir}/cache`, `${dir}/a`);
  const second = await run(`${dir}/cache`, `${dir}/b`);
  assert.deepStrictEqual(comparable(second.summary), comparable(first.summary));
  for (const [stage, counts] of Object.entries(second.summary.cache ?? {})) {
    assert.strictEqual(counts.misses, 0, `stage ${stage} recomputed`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a run interrupted mid-sweep resumes to the same results as an uninterrupted one", async () => {
  const dir = await Deno.makeTempDir();
  const clean = await run(`${dir}/clean-cache`, `${dir}/clean`);
  const controller = new AbortController();
  let cellsDone = 0;
  const reporter: RunReporter = {
    ...silentReporter,
    cellDone() {
      if (++cellsDone === 1) controller.abort(new DOMException("interrupted", "AbortError"));
    },
  };
  let interrupted = false;
  try {
    await run(`${dir}/cache`, `${dir}/killed`, { signal: controller.signal, reporter, jobs: 1 });
  } catch (error) {
    interrupted = error instanceof Error && error.name === "AbortError";
  }
  assert.ok(interrupted, "the first run should have been interrupted");
  const resumed = await run(`${dir}/cache`, `${dir}/resumed`);
  assert.deepStrictEqual(comparable(resumed.summary), comparable(clean.summary));
  const train = resumed.summary.cache?.train;
  assert.ok(train && train.hits >= 1, "the cell finished before the interrupt is reused");
  assertClose(resumed.summary.cells[0].testAccuracy, clean.summary.cells[0].testAccuracy, 0);
  await Deno.remove(dir, { recursive: true });
});
