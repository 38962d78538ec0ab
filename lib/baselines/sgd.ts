/** Mini-batch SGD on softmax cross-entropy: the usual way to train this head, for comparison. */
import { SeededRandom } from "../random.ts";
import { evaluateSoftmax } from "../softmax.ts";
import type { HeadProblem } from "../train/train_head.ts";
import type { BaselineFit } from "./exact.ts";

/** Settings of the SGD baseline. */
export interface SgdSettings {
  /** Passes over the training set. */
  readonly epochs: number;
  /** Step size of each mini-batch update. */
  readonly learningRate: number;
  /** Images per mini-batch. */
  readonly batchSize: number;
  /** Seed of the shuffling. */
  readonly seed: number;
  /** Ridge penalty ridge/2 ||W||^2 (weight decay), the QUBO head's. */
  readonly ridge: number;
}

/** Trains W from zero with plain mini-batch SGD, reshuffling every epoch. */
export function fitSgdSoftmax(problem: HeadProblem, settings: SgdSettings): BaselineFit {
  const started = performance.now();
  const { train, test, width, classes } = problem;
  const w = new Float64Array(width * classes);
  const grad = new Float64Array(width * classes);
  const order = new Uint32Array(train.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const random = new SeededRandom(settings.seed);
  const logits = new Float64Array(classes);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    random.shuffle(order);
    for (let start = 0; start < train.count; start += settings.batchSize) {
      const end = Math.min(train.count, start + settings.batchSize);
      grad.fill(0);
      for (let b = start; b < end; b++) {
        const row = order[b] * width;
        logits.fill(0);
        for (let j = 0; j < width; j++) {
          const xj = train.x[row + j];
          if (xj === 0) continue;
          for (let c = 0; c < classes; c++) logits[c] += xj * w[j * classes + c];
        }
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c] - max);
        const label = train.labels[order[b]];
        for (let c = 0; c < classes; c++) logits[c] = logits[c] / sum - (c === label ? 1 : 0);
        for (let j = 0; j < width; j++) {
          const xj = train.x[row + j];
          if (xj === 0) continue;
          for (let c = 0; c < classes; c++) grad[j * classes + c] += xj * logits[c];
        }
      }
      const scale = settings.learningRate / (end - start);
      const decay = settings.learningRate * settings.ridge;
      for (let i = 0; i < w.length; i++) w[i] -= scale * grad[i] + decay * w[i];
    }
  }
  const trainEval = evaluateSoftmax(train.x, train.count, width, train.labels, w, classes, false);
  const testEval = evaluateSoftmax(test.x, test.count, width, test.labels, w, classes, false);
  return {
    weights: w,
    trainAccuracy: trainEval.accuracy,
    testAccuracy: testEval.accuracy,
    crossEntropy: trainEval.crossEntropy,
    iterations: settings.epochs,
    converged: true,
    seconds: (performance.now() - started) / 1000,
  };
}
