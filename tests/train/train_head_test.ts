import { assert } from "../helpers/assert.ts";
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from "../../lib/train/config.ts";
import { type HeadProblem, trainQuboHead } from "../../lib/train/train_head.ts";
import { extractFeatures } from "../../lib/features/extract.ts";
import { designMatrix, fitStandardizer } from "../../lib/features/standardize.ts";
import { gramMatrix } from "../../lib/gram.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { saSampler } from "../../samplers/sa.ts";

/** Digits (40 train / 10 test per class), 2 random filters: width 19. */
async function digitsProblem(): Promise<HeadProblem> {
  const cell = parsePipeline(
    "dataset: { name: digits, trainPerClass: 40, testPerClass: 10 }\n" +
      "features: { filters: 2, kernel: 3, pool: 2, seed: 1 }\n",
    "head.yaml",
  ).cells[0];
  const dataset = await loadDataset(cell.dataset);
  const trainRaw = extractFeatures(dataset.train, cell.features);
  const testRaw = extractFeatures(dataset.test, cell.features);
  const standardizer = fitStandardizer(trainRaw);
  const width = trainRaw.dim + 1;
  const trainX = designMatrix(trainRaw, standardizer);
  return {
    train: { x: trainX, count: dataset.train.count, labels: dataset.train.labels },
    test: {
      x: designMatrix(testRaw, standardizer),
      count: dataset.test.count,
      labels: dataset.test.labels,
    },
    width,
    classes: 10,
    gram: gramMatrix(trainX, dataset.train.count, width),
  };
}

async function train(problem: HeadProblem, settings: Partial<TrainSettings>) {
  const full = { ...DEFAULT_TRAIN_SETTINGS, bits: 8, iterations: 20, patience: 50, ...settings };
  const result = await trainQuboHead(problem, {
    settings: full,
    solve: (task) =>
      saSampler.sample(task.problem, { numReads: 1, numSweeps: 100, seed: task.seed }),
    seed: 0,
  });
  const objective = evaluateSoftmax({
    x: problem.train.x,
    count: problem.train.count,
    width: problem.width,
    labels: problem.train.labels,
    weights: result.weights,
    classes: problem.classes,
    withGradient: false,
    ridge: full.ridge,
  }).objective;
  return { result, objective, settings: full };
}

Deno.test("adaptive eta follows its schedule and never raises the training loss", async () => {
  const problem = await digitsProblem();
  const { result, settings } = await train(problem, { ridge: 0, etaSchedule: "adaptive" });
  const records = result.iterations;
  assert.strictEqual(records[0].eta, settings.eta);
  for (let t = 1; t < records.length; t++) {
    const previous = records[t - 1];
    const expected = previous.rejected
      ? Math.min(settings.eta, previous.eta! * settings.etaGrow)
      : Math.max(settings.etaMin, previous.eta! * settings.etaShrink);
    assert.ok(Math.abs(records[t].eta! - expected) < 1e-15, `eta at ${t + 1}`);
    // With ridge 0 the objective is the cross-entropy: it never goes up.
    assert.ok(
      records[t].crossEntropy <= previous.crossEntropy + 1e-12,
      `loss rose at iteration ${t + 1}: ${previous.crossEntropy} -> ${records[t].crossEntropy}`,
    );
  }
  for (const record of records.filter((r) => r.rejected)) assert.strictEqual(record.accepted, 0);
});

Deno.test("adaptive eta reaches a lower loss than the fixed Bohning bound in as many iterations", async () => {
  const problem = await digitsProblem();
  const fixed = await train(problem, { ridge: 0.01, etaSchedule: "fixed" });
  const adaptive = await train(problem, { ridge: 0.01, etaSchedule: "adaptive" });
  assert.ok(fixed.result.iterations.every((r) => r.eta === 0.5 && !r.rejected));
  assert.ok(
    adaptive.objective < fixed.objective - 1e-3,
    `adaptive ${adaptive.objective} vs fixed ${fixed.objective}`,
  );
});
