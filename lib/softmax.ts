/**
 * Softmax regression on a design matrix X (count x width, bias column included) with weights W
 * (width x classes, row-major: row j = feature j, column c = class c).
 */
import { addBlockGradient, blockScores, transposeInto } from "./linalg/row_block.ts";

/** Rows per block: their scores (BLOCK_ROWS x classes) and X rows stay in cache in between. */
const BLOCK_ROWS = 64;

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

/** What {@link evaluateSoftmax} evaluates: the data, the weights, and what to compute. */
export interface SoftmaxInput {
  /** The data: X (count x width, row-major, bias column included) and each row's class. */
  readonly rows: {
    readonly x: Float64Array;
    readonly count: number;
    readonly labels: Uint16Array;
  };
  /** Columns of X (features plus bias). */
  readonly width: number;
  /** W, width x classes, row-major. */
  readonly weights: Float64Array;
  /** Columns of W. */
  readonly classes: number;
  /** Also compute dL/dW (default false: loss and accuracy only; the gradient is then empty). */
  readonly withGradient?: boolean;
  /** Ridge penalty: the objective adds ridge/2 * ||W||^2 (default 0). */
  readonly ridge?: number;
}

/**
 * Evaluates the objective (mean cross-entropy plus ridge/2 * ||W||^2), accuracy and, optionally,
 * the gradient in one pass over X, a block of rows at a time. `crossEntropy` reports the mean
 * cross-entropy alone. The sums run in the order of the plain per-row loops (features in order
 * within a score, rows in order within a gradient entry), so the results are the same bits.
 *
 * @example Two rows, one feature plus bias, two classes, at W = 0
 * ```ts
 * import { evaluateSoftmax } from "./softmax.ts";
 * const at = evaluateSoftmax({
 *   rows: { x: new Float64Array([1, 1, -1, 1]), count: 2, labels: new Uint16Array([0, 1]) },
 *   width: 2,
 *   weights: new Float64Array(4),
 *   classes: 2,
 *   withGradient: true,
 * });
 * if (Math.abs(at.crossEntropy - Math.LN2) > 1e-15) throw new Error("expected ln 2");
 * ```
 */
export function evaluateSoftmax(input: SoftmaxInput): SoftmaxEvaluation {
  const { rows: { x, count, labels }, width, weights: w, classes } = input;
  const withGradient = input.withGradient ?? false;
  const ridge = input.ridge ?? 0;
  const weightsT = transposeInto(w, width, classes, new Float64Array(width * classes));
  const gradientT = new Float64Array(withGradient ? width * classes : 0);
  const scores = new Float64Array(BLOCK_ROWS * classes);
  let loss = 0;
  let correct = 0;
  for (let first = 0; first < count; first += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, count - first);
    blockScores(x, width, first, rows, weightsT, classes, scores);
    for (let b = 0; b < rows; b++) {
      const at = b * classes;
      let max = -Infinity;
      let argmax = 0;
      for (let c = 0; c < classes; c++) {
        if (scores[at + c] > max) {
          max = scores[at + c];
          argmax = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        scores[at + c] = Math.exp(scores[at + c] - max);
        sum += scores[at + c];
      }
      const label = labels[first + b];
      loss -= Math.log(scores[at + label] / sum);
      if (argmax === label) correct++;
      if (!withGradient) continue;
      // The residual P - Y of this row, in place of its scores.
      for (let c = 0; c < classes; c++) {
        scores[at + c] = scores[at + c] / sum - (c === label ? 1 : 0);
      }
    }
    if (withGradient) addBlockGradient(x, width, first, rows, scores, classes, gradientT);
  }
  let penalty = 0;
  if (ridge > 0) { for (let i = 0; i < w.length; i++) penalty += 0.5 * ridge * w[i] * w[i]; }
  const gradient = new Float64Array(withGradient ? width * classes : 0);
  if (withGradient) {
    transposeInto(gradientT, classes, width, gradient);
    for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i] / count + ridge * w[i];
  }
  return {
    crossEntropy: loss / count,
    objective: loss / count + penalty,
    accuracy: correct / count,
    gradient,
  };
}

/**
 * Replaces the `classes` scores of one row (from `at`) by exp(score - max score) and returns
 * their sum: the numerically safe numerator and denominator of that row's softmax.
 */
export function exponentiateRow(scores: Float64Array, at: number, classes: number): number {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, scores[at + c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += scores[at + c] = Math.exp(scores[at + c] - max);
  return sum;
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
