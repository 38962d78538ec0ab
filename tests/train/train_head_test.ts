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
    rows: problem.train,
    width: problem.width,
    weights: result.weights,
    classes: problem.classes,
    withGradient: false,
    ridge: full.ridge,
  }).objective;
  return { result, objective, settings: full };
}

/**
 * Powers of two, so every eta the schedule reaches is exact: 1/2 (the bound), 1/4, 1/8, 1/16
 * (the floor). Its transitions, worked out by hand: a kept iteration halves eta down to 1/16,
 * an undone one doubles it up to 1/2.
 */
const POWERS_OF_TWO = { eta: 0.5, etaShrink: 0.5, etaGrow: 2, etaMin: 0.0625 };
const NEXT_ETA: Record<number, { kept: number; undone: number }> = {
  0.5: { kept: 0.25, undone: 0.5 },
  0.25: { kept: 0.125, undone: 0.5 },
  0.125: { kept: 0.0625, undone: 0.25 },
  0.0625: { kept: 0.0625, undone: 0.125 },
};

Deno.test("adaptive eta follows its schedule and never raises the training loss", async () => {
  const problem = await digitsProblem();
  const { result } = await train(problem, {
    ridge: 0,
    etaSchedule: "adaptive",
    ...POWERS_OF_TWO,
  });
  const records = result.iterations;
  assert.deepStrictEqual(records.slice(0, 3).map((r) => r.eta), [0.5, 0.25, 0.125]);
  for (let t = 1; t < records.length; t++) {
    const previous = records[t - 1];
    const step = NEXT_ETA[previous.eta!];
    assert.ok(step, `eta ${previous.eta} at ${t} is not one the schedule reaches`);
    assert.strictEqual(
      records[t].eta,
      previous.rejected ? step.undone : step.kept,
      `eta at ${t + 1}`,
    );
    // With ridge 0 the objective is the cross-entropy: it never goes up.
    assert.ok(
      records[t].crossEntropy <= previous.crossEntropy + 1e-12,
      `loss rose at iteration ${t + 1}: ${previous.crossEntropy} -> ${records[t].crossEntropy}`,
    );
  }
  const rejected = records.filter((r) => r.rejected);
  for (const record of rejected) assert.strictEqual(record.accepted, 0);
  // At eta = 1/16 the surrogate no longer majorises the loss: some iterations are undone, so
  // both transitions above were exercised.
  assert.ok(rejected.length > 0, "no iteration was undone");
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
