/**
 * Softmax regression on a design matrix X (count x width, bias column included) with weights W
 * (width x classes, row-major: row j = feature j, column c = class c).
 */

/** Loss, accuracy and gradient of the (ridge-penalised) mean cross-entropy at W. */
export interface SoftmaxEvaluation {
  /** Mean cross-entropy. */
  readonly crossEntropy: number;
  /** Mean cross-entropy plus the ridge penalty: what training minimises. */
  readonly objective: number;
  /** Fraction of rows whose highest-scoring class is their label. */
  readonly accuracy: number;
  /** dL/dW, width x classes, row-major: X^T (P - Y) / N. */
  readonly gradient: Float64Array;
}

/**
 * Evaluates the objective (mean cross-entropy plus ridge/2 * ||W||^2), accuracy and, optionally,
 * the gradient in one pass. `crossEntropy` reports the mean cross-entropy alone.
 */
export function evaluateSoftmax(
  x: Float64Array,
  count: number,
  width: number,
  labels: Uint16Array,
  w: Float64Array,
  classes: number,
  withGradient = true,
  ridge = 0,
): SoftmaxEvaluation {
  const gradient = new Float64Array(withGradient ? width * classes : 0);
  const logits = new Float64Array(classes);
  let loss = 0;
  let correct = 0;
  for (let n = 0; n < count; n++) {
    const row = n * width;
    logits.fill(0);
    for (let j = 0; j < width; j++) {
      const xj = x[row + j];
      if (xj === 0) continue;
      const wRow = j * classes;
      for (let c = 0; c < classes; c++) logits[c] += xj * w[wRow + c];
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
    const label = labels[n];
    loss -= Math.log(logits[label] / sum);
    if (argmax === label) correct++;
    if (!withGradient) continue;
    for (let c = 0; c < classes; c++) logits[c] = logits[c] / sum - (c === label ? 1 : 0);
    for (let j = 0; j < width; j++) {
      const xj = x[row + j];
      if (xj === 0) continue;
      const gRow = j * classes;
      for (let c = 0; c < classes; c++) gradient[gRow + c] += xj * logits[c];
    }
  }
  let penalty = 0;
  if (ridge > 0) { for (let i = 0; i < w.length; i++) penalty += 0.5 * ridge * w[i] * w[i]; }
  if (withGradient) {
    for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i] / count + ridge * w[i];
  }
  return {
    crossEntropy: loss / count,
    objective: loss / count + penalty,
    accuracy: correct / count,
    gradient,
  };
}

/** Predicted class per row: argmax_c x^T w_c. */
export function predict(
  x: Float64Array,
  count: number,
  width: number,
  w: Float64Array,
  classes: number,
): Uint16Array {
  const out = new Uint16Array(count);
  const logits = new Float64Array(classes);
  for (let n = 0; n < count; n++) {
    const row = n * width;
    logits.fill(0);
    for (let j = 0; j < width; j++) {
      const xj = x[row + j];
      const wRow = j * classes;
      for (let c = 0; c < classes; c++) logits[c] += xj * w[wRow + c];
    }
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[c] > logits[best]) best = c;
    out[n] = best;
  }
  return out;
}

/** confusion[true][predicted] counts. */
export function confusionMatrix(
  labels: Uint16Array,
  predicted: Uint16Array,
  classes: number,
): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let n = 0; n < labels.length; n++) matrix[labels[n]][predicted[n]]++;
  return matrix;
}

/** Column c of a width x classes row-major matrix. */
export function column(w: Float64Array, width: number, classes: number, c: number): Float64Array {
  const out = new Float64Array(width);
  for (let j = 0; j < width; j++) out[j] = w[j * classes + c];
  return out;
}
