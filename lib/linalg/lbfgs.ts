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
  const x = Float64Array.from(x0);
  const grad = new Float64Array(n);
  let value = evaluate(x, grad);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);
  const trial = new Float64Array(n);
  const trialGrad = new Float64Array(n);
  let iterations = 0;
  let gradientNorm = infinityNorm(grad);
  // True when a step no longer lowers f by more than rounding: f is minimised to machine
  // precision even if the gradient norm sits above a very tight tolerance.
  let stalled = false;

  while (iterations < options.maxIterations && gradientNorm > options.tolerance) {
    // Two-loop recursion: direction = -H_k grad.
    for (let i = 0; i < n; i++) direction[i] = -grad[i];
    for (let m = sHistory.length - 1; m >= 0; m--) {
      alpha[m] = rhoHistory[m] * dotArrays(sHistory[m], direction);
      axpy(-alpha[m], yHistory[m], direction);
    }
    if (sHistory.length > 0) {
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
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i];
      slope = -dotArrays(grad, grad);
    }
    let step = 1;
    let trialValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + step * direction[i];
      trialValue = evaluate(trial, trialGrad);
      if (trialValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(trialValue < value) && !(trialValue <= value)) {
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
    if (sy > 1e-12) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    if (improvement <= 1e-16 * Math.max(1, Math.abs(value))) {
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
