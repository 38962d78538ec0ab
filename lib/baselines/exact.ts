/**
 * The exact optimum of the same softmax regression on the same features (full batch, L-BFGS to
 * a gradient tolerance): the ceiling the QUBO head approaches as K grows.
 */
import { minimizeLbfgs } from "../linalg/lbfgs.ts";
import { evaluateSoftmax } from "../softmax.ts";
import { type BaselineFit, scoreFit } from "./fit.ts";
import { bohningPreconditioner } from "./bohning_preconditioner.ts";
import { sampledHessian } from "./sampled_hessian.ts";
import { cholesky, choleskySolve } from "../linalg/cholesky.ts";

/** Gradient norm where the solve switches from Böhning's bound to the sampled Hessian. */
const SWITCH_TOLERANCE = 1e-3;
/** About this many rows, drawn by curvature, estimate the Hessian (0.6 M multiply-adds each). */
const HESSIAN_ROWS = 4000;
/** Largest width x classes that gets the dense Hessian (8 x 3000^2 bytes = 72 MB). */
const MAX_HESSIAN_SIZE = 3000;
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

export type { BaselineFit } from "./fit.ts";

/** Minimises the mean training cross-entropy (plus the ridge penalty) to tolerance. */
export function fitExactSoftmax(problem: HeadProblem, settings: ExactSettings): BaselineFit {
  const started = performance.now();
  const { train, width, classes } = problem;
  const objective = (w: Float64Array, grad: Float64Array) => {
    const evaluation = evaluateSoftmax({
      rows: train,
      width,
      weights: w,
      classes,
      withGradient: true,
      ridge: settings.ridge,
    });
    grad.set(evaluation.gradient);
    return evaluation.objective;
  };
  const size = width * classes;
  const sampled = size <= MAX_HESSIAN_SIZE;
  // Stage 1: Böhning's bound takes out the features' conditioning, and is enough far from the
  // optimum. Stage 2: the curvature at that point, sampled, is a far better model near it.
  const first = minimizeLbfgs(objective, new Float64Array(size), {
    maxIterations: settings.maxIterations,
    tolerance: sampled ? Math.max(settings.tolerance, SWITCH_TOLERANCE) : settings.tolerance,
    precondition: bohningPreconditioner(problem.gram, width, classes, settings.ridge),
  });
  let result = first;
  if (sampled && first.gradientNorm > settings.tolerance) {
    const hessian = sampledHessian(
      train.x,
      train.count,
      width,
      first.x,
      classes,
      settings.ridge,
      HESSIAN_ROWS,
    );
    const factor = cholesky(hessian, size);
    const second = minimizeLbfgs(objective, first.x, {
      maxIterations: settings.maxIterations - first.iterations,
      tolerance: settings.tolerance,
      precondition: (v) => v.set(choleskySolve(factor, v)),
    });
    result = { ...second, iterations: first.iterations + second.iterations };
  }
  return scoreFit(problem, result.x, {
    iterations: result.iterations,
    converged: result.converged,
    started,
  });
}
