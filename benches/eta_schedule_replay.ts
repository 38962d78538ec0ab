/**
 * Continuous replay of the training loop (each class steps to its surrogate's continuous
 * minimiser, no annealing) under the fixed and the adaptive eta schedule, on a cell's cached
 * features: how fast the majorise-minimise loop itself converges, apart from the annealer.
 *
 *   deno run -A benches/eta_schedule_replay.ts RESULTS_DIR CELL_ID [ridge] [iterations]
 *   e.g. deno run -A benches/eta_schedule_replay.ts results/mnist mnist/seed=2/K=5/sa 0.01 30
 */
import { openCache } from "../lib/cache/store.ts";
import { cholesky } from "../lib/linalg/cholesky.ts";
import { readManifest } from "../lib/runner/why.ts";
import { column, evaluateSoftmax } from "../lib/softmax.ts";
import { DEFAULT_TRAIN_SETTINGS } from "../lib/train/config.ts";
import { mustUndo, nextEta } from "../lib/train/eta_schedule.ts";
import { continuousStep, surrogateCurvature } from "../lib/train/surrogate.ts";

const [dir, cellId, ridgeText = "0.01", iterationsText = "30"] = Deno.args;
const manifest = await readManifest(dir);
const cell = manifest?.cells.find((c) => c.id === cellId);
if (!manifest || !cell) throw new Error(`no cell ${cellId} in ${dir}/manifest.json`);
if (!manifest.cacheDir) throw new Error(`${dir}/manifest.json does not name its cache folder`);
const cache = await openCache(manifest.cacheDir, { durable: false });
const features = await cache.read(cell.keys.features);
const gramEntry = await cache.read(cell.keys.gram);
if (!features || !gramEntry) throw new Error("the cell's features or Gram matrix left the cache");
const meta = features.meta as { width: number; trainCount: number; testCount: number };
const x = features.arrays.trainX as Float64Array;
const labels = features.arrays.trainLabels as Uint16Array;
const testX = features.arrays.testX as Float64Array;
const testLabels = features.arrays.testLabels as Uint16Array;
const gram = gramEntry.arrays.gram as Float64Array;
const { width } = meta;
const classes = Math.max(...labels) + 1;
const ridge = Number(ridgeText);
const iterations = Number(iterationsText);
const settings = DEFAULT_TRAIN_SETTINGS;

for (const schedule of ["fixed", "adaptive"] as const) {
  const started = performance.now();
  const w = new Float64Array(width * classes);
  let eta = settings.eta;
  // Objective and gradient of the current weights on the training set.
  const evaluate = () =>
    evaluateSoftmax({
      rows: { x, count: meta.trainCount, labels },
      width,
      weights: w,
      classes,
      withGradient: true,
      ridge,
    });
  let current = evaluate();
  let rejected = 0;
  for (let t = 1; t <= iterations; t++) {
    const factor = cholesky(surrogateCurvature(gram, width, eta, ridge), width);
    const before = w.slice();
    for (let c = 0; c < classes; c++) {
      const step = continuousStep(factor, column(current.gradient, width, classes, c));
      for (let j = 0; j < width; j++) w[j * classes + c] += step[j];
    }
    const next = evaluate();
    if (schedule !== "adaptive") {
      current = next;
      continue;
    }
    const undo = mustUndo(settings, eta, next.objective > current.objective);
    if (undo) {
      w.set(before);
      rejected++;
    } else {
      current = next;
    }
    eta = nextEta(settings, eta, undo);
  }
  const test = evaluateSoftmax({
    rows: { x: testX, count: meta.testCount, labels: testLabels },
    width,
    weights: w,
    classes,
    withGradient: false,
  });
  console.log(
    `${schedule.padEnd(8)} T=${iterations} ridge=${ridge}: objective ${
      current.objective.toFixed(4)
    }` +
      `, cross-entropy ${current.crossEntropy.toFixed(4)}, train ${
        (100 * current.accuracy).toFixed(2)
      }%` +
      `, test ${(100 * test.accuracy).toFixed(2)}%, ${rejected} undone, ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
