/**
 * Limited-memory BFGS with an Armijo backtracking line search, for smooth convex objectives
 * (the exact softmax-regression baseline).
 */
export interface LbfgsOptions {
  readonly maxIterations: number;
  /** Stop when the gradient's infinity norm falls below this. */
  readonly tolerance: number;
  /** History length. */
  readonly memory?: number;
  /**
   * Applies M^-1 in place, M a fixed symmetric positive definite model of the Hessian: the
   * initial inverse-Hessian H0 = gamma M^-1 (gamma = s^T y / y^T M^-1 y of the latest pair),
   * and the first step is the full step -M^-1 grad. Without it, H0 = gamma I.
   */
  readonly precondition?: (v: Float64Array) => void;
}

/** Result of a minimisation. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly gradientNorm: number;
  readonly converged: boolean;
}

/** Minimises f from x0; `evaluate` returns the value and writes the gradient into `grad`. */
export function minimizeLbfgs(
  evaluate: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const n = x0.length;
  const memory = options.memory ?? 10;
  const precondition = options.precondition;
  const x = Float64Array.from(x0);
  const grad = new Float64Array(n);
  let value = evaluate(x, grad);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  // y^T M^-1 y of the latest pair (the preconditioned gamma's denominator).
  let latestYMy = 0;
  const scratch = new Float64Array(n);
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);
  const trial = new Float64Array(n);
  const trialGrad = new Float64Array(n);
  let iterations = 0;
  let gradientNorm = infinityNorm(grad);
  // True when a step no longer lowers f by more than rounding: f is minimised to machine
  // precision even if the gradient norm sits above a very tight tolerance.
  let stalled = false;
  // Steps in a row that moved neither f nor the best gradient norm so far beyond rounding.
  let flatSteps = 0;
  let bestNorm = gradientNorm;

  while (iterations < options.maxIterations && gradientNorm > options.tolerance) {
    // Two-loop recursion: direction = -H_k grad.
    for (let i = 0; i < n; i++) direction[i] = -grad[i];
    for (let m = sHistory.length - 1; m >= 0; m--) {
      alpha[m] = rhoHistory[m] * dotArrays(sHistory[m], direction);
      axpy(-alpha[m], yHistory[m], direction);
    }
    if (precondition) {
      precondition(direction);
      if (sHistory.length > 0) {
        const gamma = 1 / (rhoHistory[rhoHistory.length - 1] * latestYMy);
        for (let i = 0; i < n; i++) direction[i] *= gamma;
      }
    } else if (sHistory.length > 0) {
      const last = sHistory.length - 1;
      const gamma = dotArrays(sHistory[last], yHistory[last]) /
        dotArrays(yHistory[last], yHistory[last]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dotArrays(grad, grad)));
      for (let i = 0; i < n; i++) direction[i] *= scale;
    }
    for (let m = 0; m < sHistory.length; m++) {
      const beta = rhoHistory[m] * dotArrays(yHistory[m], direction);
      axpy(alpha[m] - beta, sHistory[m], direction);
    }
    let slope = dotArrays(grad, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from (preconditioned) steepest
      // descent.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i];
      precondition?.(direction);
      slope = dotArrays(grad, direction);
    }
    let step = 1;
    let trialValue = Infinity;
    let accepted = false;
    // Below this, differences of f are rounding and say nothing; the slope decides instead.
    const noise = 1e-10 * Math.max(1, Math.abs(value));
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + step * direction[i];
      trialValue = evaluate(trial, trialGrad);
      // Armijo, or Hager and Zhang's approximate Wolfe condition: f flat to rounding along the
      // step and its slope risen from -|slope| to at most (1 - 2e-4)|slope|, which is Armijo's
      // decrease read from the gradient (exact for a quadratic) where f's rounding hides it.
      if (
        trialValue <= value + 1e-4 * step * slope ||
        (trialValue <= value + noise && dotArrays(trialGrad, direction) <= (2e-4 - 1) * slope)
      ) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted && !(trialValue <= value)) {
      // 40 halvings found no decrease: nothing representable is lower along a descent direction.
      stalled = Number.isFinite(trialValue);
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i] - x[i];
      y[i] = trialGrad[i] - grad[i];
    }
    const sy = dotArrays(s, y);
    x.set(trial);
    grad.set(trialGrad);
    const improvement = value - trialValue;
    value = trialValue;
    iterations++;
    gradientNorm = infinityNorm(grad);
    // Positive curvature, relative to |y|^2 (an absolute bound drops every pair near the optimum,
    // where s and y are tiny).
    if (sy > 1e-10 * dotArrays(y, y)) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
      if (precondition) {
        scratch.set(y);
        precondition(scratch);
        latestYMy = dotArrays(y, scratch);
      }
    }
    const flat = improvement <= 1e-16 * Math.max(1, Math.abs(value)) && gradientNorm >= bestNorm;
    flatSteps = flat ? flatSteps + 1 : 0;
    bestNorm = Math.min(bestNorm, gradientNorm);
    // The gradient norm of quasi-Newton steps is not monotone, so one flat step proves nothing;
    // several in a row mean f is minimised to machine precision.
    if (flatSteps >= FLAT_STEPS) {
      stalled = true;
      break;
    }
  }
  return {
    x,
    value,
    iterations,
    gradientNorm,
    converged: gradientNorm <= options.tolerance || stalled,
  };
}

/** Flat steps in a row that count as minimised to rounding. */
const FLAT_STEPS = 5;

function dotArrays(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function infinityNorm(v: Float64Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]));
  return max;
}
