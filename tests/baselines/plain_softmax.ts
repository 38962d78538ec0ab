/**
 * The plain per-row loops of softmax regression (the code before the row-block kernels), kept as
 * the reference whose every rounding the fast code must reproduce.
 */
import { SeededRandom } from "../../lib/random.ts";
import type { HeadProblem } from "../../lib/train/train_head.ts";

/** Objective, accuracy and gradient, one row at a time (W row-major width x classes). */
export function plainEvaluate(
  x: Float64Array,
  count: number,
  width: number,
  labels: Uint16Array,
  w: Float64Array,
  classes: number,
  ridge: number,
): { objective: number; crossEntropy: number; accuracy: number; gradient: Float64Array } {
  const gradient = new Float64Array(width * classes);
  const logits = new Float64Array(classes);
  let loss = 0;
  let correct = 0;
  for (let n = 0; n < count; n++) {
    const row = n * width;
    logits.fill(0);
    for (let j = 0; j < width; j++) {
      for (let c = 0; c < classes; c++) logits[c] += x[row + j] * w[j * classes + c];
    }
    let max = -Infinity;
    let argmax = 0;
    for (let c = 0; c < classes; c++) {
      if (logits[c] > max) {
        max = logits[c];
        argmax = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      logits[c] = Math.exp(logits[c] - max);
      sum += logits[c];
    }
    loss -= Math.log(logits[labels[n]] / sum);
    if (argmax === labels[n]) correct++;
    for (let c = 0; c < classes; c++) logits[c] = logits[c] / sum - (c === labels[n] ? 1 : 0);
    for (let j = 0; j < width; j++) {
      for (let c = 0; c < classes; c++) gradient[j * classes + c] += x[row + j] * logits[c];
    }
  }
  let penalty = 0;
  for (let i = 0; i < w.length; i++) penalty += 0.5 * ridge * w[i] * w[i];
  for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i] / count + ridge * w[i];
  return {
    objective: loss / count + penalty,
    crossEntropy: loss / count,
    accuracy: correct / count,
    gradient,
  };
}

/** Mini-batch SGD, one sample at a time, with the same shuffles as fitSgdSoftmax. */
export function plainSgd(
  problem: HeadProblem,
  settings: {
    epochs: number;
    learningRate: number;
    batchSize: number;
    seed: number;
    ridge: number;
  },
): Float64Array {
  const { train, width, classes } = problem;
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
          for (let c = 0; c < classes; c++) logits[c] += train.x[row + j] * w[j * classes + c];
        }
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c] - max);
        const label = train.labels[order[b]];
        for (let c = 0; c < classes; c++) logits[c] = logits[c] / sum - (c === label ? 1 : 0);
        for (let j = 0; j < width; j++) {
          for (let c = 0; c < classes; c++) grad[j * classes + c] += train.x[row + j] * logits[c];
        }
      }
      const scale = settings.learningRate / (end - start);
      const decay = settings.learningRate * settings.ridge;
      for (let i = 0; i < w.length; i++) w[i] -= scale * grad[i] + decay * w[i];
    }
  }
  return w;
}

/**
 * A random, deliberately awkward softmax problem: count and classes not multiples of the
 * kernels' block sizes, some exact zeros in X, a bias column, labels that depend on X (on the
 * first `classes` features, before their scaling).
 */
export function randomProblem(
  seed: number,
  count: number,
  features: number,
  classes: number,
  /** Feature j is multiplied by spread^j: spread > 1 makes X (and the objective) ill-conditioned. */
  spread = 1,
): HeadProblem {
  const random = new SeededRandom(seed);
  const width = features + 1;
  const make = (rows: number) => {
    const x = new Float64Array(rows * width);
    const labels = new Uint16Array(rows);
    for (let n = 0; n < rows; n++) {
      let best = -Infinity;
      for (let j = 0; j < features; j++) {
        const value = random.next() < 0.2 ? 0 : random.normal();
        x[n * width + j] = value * spread ** j;
        const vote = value + 0.8 * random.normal();
        if (j < classes && vote > best) {
          best = vote;
          labels[n] = j;
        }
      }
      x[n * width + features] = 1;
    }
    return { x, count: rows, labels };
  };
  const train = make(count);
  const gram = new Float64Array(width * width);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) {
        gram[i * width + j] += train.x[n * width + i] * train.x[n * width + j];
      }
    }
  }
  for (let i = 0; i < gram.length; i++) gram[i] /= count;
  return { train, test: make(Math.ceil(count / 3)), width, classes, gram };
}
