/** Mini-batch SGD on softmax cross-entropy: the usual way to train this head, for comparison. */
import { exponentiateRow } from "../softmax.ts";
import { addBlockGradient, blockScores, transposeInto } from "../linalg/row_block.ts";
import { SeededRandom } from "../random.ts";
import type { HeadProblem } from "../train/train_head.ts";
import { type BaselineFit, scoreFit } from "./fit.ts";

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
  const { train, width, classes } = problem;
  // Weights and gradient class-major (row c = class c) while training, for the row-block
  // kernels; the update is elementwise, so the layout does not change a single rounding.
  const weightsT = new Float64Array(width * classes);
  const gradientT = new Float64Array(width * classes);
  const order = new Uint32Array(train.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const random = new SeededRandom(settings.seed);
  const scores = new Float64Array(settings.batchSize * classes);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    random.shuffle(order);
    for (let start = 0; start < train.count; start += settings.batchSize) {
      const end = Math.min(train.count, start + settings.batchSize);
      const rows = end - start;
      gradientT.fill(0);
      blockScores(train.x, width, start, rows, weightsT, classes, scores, order);
      for (let b = 0; b < rows; b++) {
        const at = b * classes;
        const sum = exponentiateRow(scores, at, classes);
        const label = train.labels[order[start + b]];
        for (let c = 0; c < classes; c++) {
          scores[at + c] = scores[at + c] / sum - (c === label ? 1 : 0);
        }
      }
      addBlockGradient(train.x, width, start, rows, scores, classes, gradientT, order);
      const scale = settings.learningRate / rows;
      const decay = settings.learningRate * settings.ridge;
      for (let i = 0; i < weightsT.length; i++) {
        weightsT[i] -= scale * gradientT[i] + decay * weightsT[i];
      }
    }
  }
  const w = transposeInto(weightsT, classes, width, new Float64Array(width * classes));
  return scoreFit(problem, w, { iterations: settings.epochs, converged: true, started });
}
