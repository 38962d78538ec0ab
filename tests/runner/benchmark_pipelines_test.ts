/**
 * End-to-end runs of the benchmark pipelines pipelines/cifar.yaml, emnist.yaml and kmnist.yaml
 * on the generated fixtures (tests/fixtures/all_fixtures.ts, exact official formats).
 *
 * Each test loads the real file and checks its grid, then runs a one-cell variant of it (filter
 * seed 1, K = 5, a few iterations; the dataset and feature settings untouched) through the
 * command line, in a child process whose environment alone points the data layer at the
 * fixtures (QUBO_CNN_DATA, QUBO_CNN_CHECKSUMS). The fixtures' images are synthetic patterns, so
 * test accuracy says nothing; what can fail is the shape of the results, the class names, the
 * QUBO size n = (d + 1) K, and training actually lowering the objective.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { assert } from "../helpers/assert.ts";
import { type Fixtures, writeAllFixtures } from "../fixtures/all_fixtures.ts";
import { featureGrid } from "../../lib/features/config.ts";
import { loadPipeline } from "../../lib/pipeline/load.ts";
import type { CellConfig, Pipeline } from "../../lib/pipeline/types.ts";
import { readResults } from "../../lib/report/read_results.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const CIFAR_CLASSES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
];
/** The official emnist-balanced-mapping.txt, label by label. */
const EMNIST_BALANCED_CLASSES = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabdefghnqrt"];
const KMNIST_CLASSES = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"];

interface Case {
  readonly file: string;
  /** Dataset label in results ("emnist:balanced"). */
  readonly label: string;
  readonly classNames: readonly string[];
  /** Image size, for d. */
  readonly side: number;
  /** Images in the fixture's test set (the confusion matrix's total). */
  readonly testImages: number;
  /** Whether this run also builds the HTML report. */
  readonly report: boolean;
}

const CASES: readonly Case[] = [
  {
    file: "pipelines/cifar.yaml",
    label: "cifar10",
    classNames: CIFAR_CLASSES,
    side: 32,
    testImages: 12,
    report: false,
  },
  {
    file: "pipelines/emnist.yaml",
    label: "emnist:balanced",
    classNames: EMNIST_BALANCED_CLASSES,
    side: 28,
    testImages: 47,
    report: false,
  },
  {
    file: "pipelines/kmnist.yaml",
    label: "kmnist",
    classNames: KMNIST_CLASSES,
    side: 28,
    testImages: 10,
    report: true,
  },
];

/** Iterations of the one-cell variant. */
const ITERATIONS = 4;

/** The real file's grid: K in {5, 10, 15, 20} x 3 seeds, trust, sa 1 x 200 seed 0, baselines. */
function checkGrid(pipeline: Pipeline): void {
  assert.strictEqual(pipeline.cells.length, 12, `${pipeline.file}: cells`);
  const seeds = new Set(pipeline.cells.map((c) => c.features.seed));
  const bits = new Set(pipeline.cells.map((c) => c.training.bits));
  assert.deepStrictEqual([...seeds].sort(), [1, 2, 3]);
  assert.deepStrictEqual([...bits].sort((a, b) => a - b), [5, 10, 15, 20]);
  for (const cell of pipeline.cells) {
    assert.strictEqual(cell.training.policy, "trust");
    assert.strictEqual(cell.training.ridge, 0.01);
    assert.strictEqual(cell.sampler.name, "sa");
    assert.deepStrictEqual(cell.sampler.params, {
      numReads: 1,
      numSweeps: 300,
      moves: "weight",
      traceEnergy: true,
      seed: 0,
    });
  }
  assert.ok(pipeline.baselines.sgd && pipeline.baselines.exact, "both baselines");
  assert.ok(pipeline.report);
}

/** d of a cell's features on side x side images. */
function featureDim(cell: CellConfig, side: number): number {
  const grid = featureGrid(cell.features, side, side);
  return grid.filters * grid.height * grid.width;
}

/** The real file's text with one seed, K = 5, fewer iterations and epochs, and `report`. */
function oneCellVariant(text: string, report: boolean): string {
  const doc = parseDocument(text);
  doc.setIn(["features", "seed"], 1);
  doc.setIn(["training", "bits"], 5);
  doc.setIn(["training", "iterations"], ITERATIONS);
  doc.setIn(["baselines", "sgd", "epochs"], 3);
  doc.setIn(["baselines", "exact", "maxIterations"], 100);
  doc.setIn(["report"], report);
  return doc.toString();
}

/** `deno task run` in a child process, with the fixtures as its only data. */
async function runCli(file: string, out: string, cache: string, root: string, data: Fixtures) {
  const args = ["run", "-A", "--quiet", join(ROOT, "cli/main.ts"), "run", file];
  args.push("--out", out, "--cache-dir", cache, "--jobs", "2");
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: {
      QUBO_CNN_DATA: data.dir,
      QUBO_CNN_CHECKSUMS: data.checksumsFile,
      // Verification records go under the data cache root: keep them out of the user's home.
      XDG_CACHE_HOME: join(root, "xdg"),
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  assert.strictEqual(output.code, 0, `run ${file} failed:\n${text}`);
}

/** One benchmark pipeline: its header's sizing, then a one-cell variant run through the CLI. */
async function checkCase(c: Case, root: string, data: Fixtures): Promise<void> {
  const path = join(ROOT, c.file);
  const text = await Deno.readTextFile(path);
  const full = await loadPipeline(path);
  checkGrid(full);
  const d = featureDim(full.cells[0], c.side);
  // The header's sizing is the truth: d, and n = (d + 1) K at K = 5 and K = 20.
  assert.ok(text.includes(`d = ${d}`), `${c.file} header should state d = ${d}`);
  assert.ok(
    text.includes(`n = (d + 1) K = ${(d + 1) * 5} (K = 5) to ${(d + 1) * 20} (K = 20)`),
    `${c.file} header should state n = ${(d + 1) * 5} to ${(d + 1) * 20}`,
  );
  assert.ok(
    (d + 1) * 20 <= 3000,
    `${c.file}: n = ${(d + 1) * 20} at K = 20 is too big for the local annealer`,
  );

  const work = await Deno.makeTempDir({ dir: root, prefix: c.label.replace(":", "-") + "-" });
  const variantFile = join(work, `${full.name}.yaml`);
  await Deno.writeTextFile(variantFile, oneCellVariant(text, c.report));
  // The variant keeps the real file's dataset and feature settings.
  const variant = await loadPipeline(variantFile);
  assert.strictEqual(variant.cells.length, 1);
  const original = full.cells.find((x) => x.features.seed === 1 && x.training.bits === 5)!;
  assert.deepStrictEqual(variant.cells[0].dataset, original.dataset);
  assert.deepStrictEqual(variant.cells[0].features, original.features);
  assert.deepStrictEqual(variant.cells[0].sampler, original.sampler);
  assert.deepStrictEqual(
    { ...variant.cells[0].training, iterations: 0 },
    { ...original.training, iterations: 0 },
  );

  const out = join(work, "out");
  await runCli(variantFile, out, join(work, "cache"), root, data);

  // Read back through the results schemas, as the report and `runs` read it.
  const { summary, records } = await readResults(out);
  assert.strictEqual(summary.pipeline, full.name);
  assert.strictEqual(summary.cells.length, 1);
  const cell = summary.cells[0];
  assert.strictEqual(cell.dataset, c.label);
  assert.strictEqual(cell.bits, 5);
  assert.strictEqual(cell.variables, (d + 1) * 5, "n = (d + 1) K");
  for (const accuracy of [cell.trainAccuracy, cell.testAccuracy]) {
    assert.ok(Number.isFinite(accuracy) && accuracy >= 0 && accuracy <= 1, `${accuracy}`);
  }
  assert.ok(cell.solveQuality > 0 && cell.solveQuality <= 1 + 1e-9, `${cell.solveQuality}`);
  assert.deepStrictEqual(summary.baselines.map((b) => b.method), ["sgd", "exact"]);
  for (const b of summary.baselines) {
    assert.strictEqual(b.dataset, c.label);
    assert.ok(Number.isFinite(b.testAccuracy) && b.testAccuracy >= 0 && b.testAccuracy <= 1);
  }

  const cellFiles = [...Deno.readDirSync(join(out, "cells"))]
    .map((e) => e.name).filter((name) => name.endsWith(".json"));
  assert.strictEqual(cellFiles.length, 1);
  const record = records.get(cell.id)!;
  // Class names travel from the dataset's own files into the results.
  assert.deepStrictEqual(record.classNames, c.classNames);
  const classes = c.classNames.length;
  const grid = record.featureGrid;
  assert.strictEqual(grid.filters * grid.height * grid.width, d);
  assert.strictEqual(record.weights.length, d + 1);
  assert.ok(record.weights.every((row) => row.length === classes));
  assert.strictEqual(record.confusion.length, classes);
  const tested = record.confusion.flat().reduce((a, b) => a + b, 0);
  assert.strictEqual(tested, c.testImages);

  // Training lowered the objective: from log C at W = 0, never up, clearly down at the end.
  const losses = record.iterations.map((r) => r.crossEntropy);
  assert.ok(losses.length >= 1 && losses.length <= ITERATIONS);
  let previous = Math.log(classes);
  for (const loss of losses) {
    assert.ok(loss <= previous + 1e-6, `cross-entropy rose: ${losses.join(", ")}`);
    previous = loss;
  }
  assert.ok(
    losses[losses.length - 1] < 0.9 * Math.log(classes),
    `cross-entropy ${losses.join(", ")} did not fall below 0.9 log ${classes}`,
  );
  assert.ok(record.iterations.every((r) => r.surrogate <= 1e-9 && r.accepted > 0));
  // The fixture's training images are distinct patterns, so a linear head on d > N features
  // can fit them (the exact baseline reaches 100%); a few QUBO iterations get far past
  // chance (1 / C). Their test images carry no signal: test accuracy is only range-checked.
  assert.ok(cell.trainAccuracy >= 0.5, `train accuracy ${cell.trainAccuracy}`);

  const index = join(out, "index.html");
  if (c.report) {
    // The report's confusion matrix labels its rows and columns with the class names.
    const slug = cellFiles[0].replace(/\.json$/, "");
    const figure = `figures/confusion_${slug}.svg`;
    // The page inlines every figure (a data: URI) and names the file it came from.
    assert.ok((await Deno.readTextFile(index)).includes(`data-file="${figure}"`), "report page");
    const svg = await Deno.readTextFile(join(out, figure));
    for (const name of c.classNames) assert.ok(svg.includes(`>${name}<`), `figure lacks ${name}`);
  } else {
    assert.ok(!(await exists(index)), "report off: no index.html");
  }
}

Deno.test("the benchmark pipelines parse and run end to end on the fixtures", async (t) => {
  // The fixtures are written once for every case and removed whatever the cases do.
  const root = await Deno.makeTempDir({ prefix: "qubo-cnn-benchmarks-" });
  try {
    const data = await writeAllFixtures(join(root, "data"));
    for (const c of CASES) {
      await t.step(`${c.file} (${c.label})`, () => checkCase(c, root, data));
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
