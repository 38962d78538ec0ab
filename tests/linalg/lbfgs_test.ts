import { assert, assertClose } from "../helpers/assert.ts";
import { minimizeLbfgs } from "../../lib/linalg/lbfgs.ts";

Deno.test("L-BFGS finds the minimiser of a convex quadratic and reports convergence", () => {
  // f(x) = 1/2 x^T A x - b^T x with A = [[4, 1], [1, 3]]: minimiser A^-1 b.
  const b = [1, 2];
  const result = minimizeLbfgs(
    (x, grad) => {
      grad[0] = 4 * x[0] + x[1] - b[0];
      grad[1] = x[0] + 3 * x[1] - b[1];
      return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) - b[0] * x[0] -
        b[1] * x[1];
    },
    new Float64Array(2),
    { maxIterations: 100, tolerance: 1e-10 },
  );
  assertClose(result.x[0], 1 / 11, 1e-8);
  assertClose(result.x[1], 7 / 11, 1e-8);
  assert.ok(result.converged);
  assert.ok(result.gradientNorm <= 1e-10);
});

Deno.test("L-BFGS minimises Rosenbrock and stops unconverged when the budget runs out", () => {
  const rosenbrock = (x: Float64Array, grad: Float64Array) => {
    grad[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
    grad[1] = 200 * (x[1] - x[0] * x[0]);
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
  };
  const full = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
    maxIterations: 500,
    tolerance: 1e-8,
  });
  assertClose(full.x[0], 1, 1e-6);
  assertClose(full.x[1], 1, 1e-6);
  assert.ok(full.converged);
  const short = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
    maxIterations: 3,
    tolerance: 1e-8,
  });
  assert.strictEqual(short.iterations, 3);
  assert.strictEqual(short.converged, false);
});

Deno.test("L-BFGS with the exact Hessian as preconditioner takes the Newton step at once", () => {
  // f(x) = 1/2 x^T A x - b^T x, A = [[4, 1], [1, 3]]; M^-1 = A^-1 = [[3, -1], [-1, 4]] / 11.
  const b = [1, 2];
  let evaluations = 0;
  const result = minimizeLbfgs(
    (x, grad) => {
      evaluations++;
      grad[0] = 4 * x[0] + x[1] - b[0];
      grad[1] = x[0] + 3 * x[1] - b[1];
      return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) - b[0] * x[0] -
        b[1] * x[1];
    },
    new Float64Array(2),
    {
      maxIterations: 100,
      tolerance: 1e-12,
      precondition: (v) => {
        const [v0, v1] = v;
        v[0] = (3 * v0 - v1) / 11;
        v[1] = (-v0 + 4 * v1) / 11;
      },
    },
  );
  assert.strictEqual(result.iterations, 1);
  assert.strictEqual(evaluations, 2);
  assertClose(result.x[0], 1 / 11, 1e-15);
  assertClose(result.x[1], 7 / 11, 1e-15);
  assert.ok(result.converged);
});
