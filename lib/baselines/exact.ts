/**
 * The exact optimum of the same softmax regression on the same features (full batch, L-BFGS to
 * a gradient tolerance): the ceiling the QUBO head approaches as K grows.
 */
import { minimizeLbfgs } from "../linalg/lbfgs.ts";
import { evaluateSoftmax } from "../softmax.ts";
import type { HeadProblem } from "../train/train_head.ts";

/** Settings of the exact baseline. */
export interface ExactSettings {
  /** L-BFGS iterations at most. */
  readonly maxIterations: number;
  /** Stop once the gradient norm is at most this. */
  readonly tolerance: number;
  /** Ridge penalty ridge/2 ||W||^2: use the QUBO head's, so both solve the same problem. */
  readonly ridge: number;
}

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

/** Minimises the mean training cross-entropy (plus the ridge penalty) to tolerance. */
export function fitExactSoftmax(problem: HeadProblem, settings: ExactSettings): BaselineFit {
  const started = performance.now();
  const { train, test, width, classes } = problem;
  const result = minimizeLbfgs(
    (w, grad) => {
      const evaluation = evaluateSoftmax(
        train.x,
        train.count,
        width,
        train.labels,
        w,
        classes,
        true,
        settings.ridge,
      );
      grad.set(evaluation.gradient);
      return evaluation.objective;
    },
    new Float64Array(width * classes),
    { maxIterations: settings.maxIterations, tolerance: settings.tolerance },
  );
  const trainEval = evaluateSoftmax(
    train.x,
    train.count,
    width,
    train.labels,
    result.x,
    classes,
    false,
  );
  const testEval = evaluateSoftmax(
    test.x,
    test.count,
    width,
    test.labels,
    result.x,
    classes,
    false,
  );
  return {
    weights: result.x,
    trainAccuracy: trainEval.accuracy,
    testAccuracy: testEval.accuracy,
    crossEntropy: trainEval.crossEntropy,
    iterations: result.iterations,
    converged: result.converged,
    seconds: (performance.now() - started) / 1000,
  };
}
