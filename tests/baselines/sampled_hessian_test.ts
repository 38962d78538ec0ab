import { assert, assertClose } from "../helpers/assert.ts";
import { sampledHessian } from "../../lib/baselines/sampled_hessian.ts";
import { SeededRandom } from "../../lib/random.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { randomProblem } from "./plain_softmax.ts";

Deno.test("sampledHessian on all rows is the gradient's derivative; fewer rows estimate it", () => {
  const classes = 3;
  const ridge = 0.02;
  // 300 rows: more than one block of 128, and a short last one.
  const { train, width } = randomProblem(41, 300, 5, classes);
  const size = width * classes;
  const random = new SeededRandom(3);
  const w = Float64Array.from({ length: size }, () => random.normal());
  const gradientAt = (v: Float64Array, count: number, x: Float64Array, labels: Uint16Array) =>
    evaluateSoftmax({
      rows: { x, count, labels },
      width,
      weights: v,
      classes,
      withGradient: true,
      ridge,
    })
      .gradient;
  const check = (hessian: Float64Array, count: number, x: Float64Array, labels: Uint16Array) => {
    for (let t = 0; t < size; t++) {
      const h = 1e-6;
      const up = Float64Array.from(w);
      const down = Float64Array.from(w);
      up[t] += h;
      down[t] -= h;
      const gUp = gradientAt(up, count, x, labels);
      const gDown = gradientAt(down, count, x, labels);
      for (let i = 0; i < size; i++) {
        assertClose(hessian[i * size + t], (gUp[i] - gDown[i]) / (2 * h), 1e-7, `H[${i}][${t}]`);
      }
    }
  };
  const full = sampledHessian(train.x, 300, width, w, classes, ridge, 300);
  check(full, 300, train.x, train.labels);
  // 120 rows drawn by curvature: an unbiased estimate of the same matrix (a mis-weighted draw
  // is off by its bias, here 0.15 relative in Frobenius norm).
  const drawn = sampledHessian(train.x, 300, width, w, classes, ridge, 120);
  let error = 0;
  let norm = 0;
  for (let i = 0; i < full.length; i++) {
    error += (drawn[i] - full[i]) ** 2;
    norm += full[i] ** 2;
  }
  assert.ok(Math.sqrt(error / norm) < 0.2, `relative error ${Math.sqrt(error / norm)}`);
  for (let i = 0; i < size; i++) {
    for (let t = 0; t < size; t++) assert.strictEqual(drawn[i * size + t], drawn[t * size + i]);
  }
});
