import { assert, assertClose } from "../helpers/assert.ts";
import { fitExactSoftmax } from "../../lib/baselines/exact.ts";
import { minimizeLbfgs } from "../../lib/linalg/lbfgs.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { randomProblem } from "./plain_softmax.ts";

Deno.test("the exact baseline meets its gradient tolerance where plain L-BFGS stalls short", () => {
  const classes = 4;
  const ridge = 1e-3;
  const problem = randomProblem(31, 400, 9, classes, 2);
  const { train, test, width } = problem;
  const objective = (w: Float64Array, grad: Float64Array) => {
    const at = evaluateSoftmax({
      rows: train,
      width,
      weights: w,
      classes,
      withGradient: true,
      ridge,
    });
    grad.set(at.gradient);
    return at.objective;
  };
  const plain = minimizeLbfgs(objective, new Float64Array(width * classes), {
    maxIterations: 5000,
    tolerance: 1e-10,
  });
  const fit = fitExactSoftmax(problem, { maxIterations: 1000, tolerance: 1e-10, ridge });
  assert.ok(fit.converged);
  const at = evaluateSoftmax({
    rows: train,
    width,
    weights: fit.weights,
    classes,
    withGradient: true,
    ridge,
  });
  const gradientNorm = at.gradient.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  assert.ok(gradientNorm <= 1e-10, `|gradient| = ${gradientNorm}`);
  // The objective is ridge-strongly convex: f - f* <= |grad|_2^2 / (2 ridge) < 1e-15 here, so
  // this is the optimum, and plain L-BFGS (stopped by rounding, 1e-5 from stationary) is above it.
  assert.ok(at.objective <= plain.value, `${at.objective} vs ${plain.value}`);
  assertClose(at.objective, plain.value, 1e-11, "objective");
  // On features scaled over 2^8 the preconditioned solve needs a small fraction of the iterations.
  assert.ok(fit.iterations * 20 < plain.iterations, `${fit.iterations} vs ${plain.iterations}`);
  const testAt = evaluateSoftmax({
    rows: test,
    width,
    weights: fit.weights,
    classes,
    withGradient: false,
  });
  assert.strictEqual(fit.testAccuracy, testAt.accuracy);
  assert.strictEqual(fit.trainAccuracy, at.accuracy);
  assert.strictEqual(fit.crossEntropy, at.crossEntropy);
});
