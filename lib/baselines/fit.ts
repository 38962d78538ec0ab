/** What a baseline fit returns, scored the same way for every baseline. */
import { evaluateSoftmax } from "../softmax.ts";
import type { HeadProblem } from "../train/train_head.ts";

/** Result of a baseline fit. */
export interface BaselineFit {
  /** width x classes, row-major. */
  readonly weights: Float64Array;
  /** Accuracy on the training set (0..1). */
  readonly trainAccuracy: number;
  /** Accuracy on the test set (0..1). */
  readonly testAccuracy: number;
  /** Mean cross-entropy on the training set at the returned weights. */
  readonly crossEntropy: number;
  /** Iterations (exact) or epochs (SGD) run. */
  readonly iterations: number;
  /** True when the stopping rule was met within the iteration limit. */
  readonly converged: boolean;
  /** Wall-clock seconds of the fit. */
  readonly seconds: number;
}

/**
 * The fit of `weights` (width x classes, row-major): accuracies on both sets and the training
 * cross-entropy, with how the fit ran and the seconds since `started` (performance.now()).
 */
export function scoreFit(
  problem: HeadProblem,
  weights: Float64Array,
  run: { readonly iterations: number; readonly converged: boolean; readonly started: number },
): BaselineFit {
  const { train, test, width, classes } = problem;
  const trainEval = evaluateSoftmax({ rows: train, width, weights, classes });
  const testEval = evaluateSoftmax({ rows: test, width, weights, classes });
  return {
    weights,
    trainAccuracy: trainEval.accuracy,
    testAccuracy: testEval.accuracy,
    crossEntropy: trainEval.crossEntropy,
    iterations: run.iterations,
    converged: run.converged,
    seconds: (performance.now() - run.started) / 1000,
  };
}
