import { assertClose } from "../helpers/assert.ts";
import { sampledHessian } from "../../lib/baselines/sampled_hessian.ts";
import { SeededRandom } from "../../lib/random.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { randomProblem } from "./plain_softmax.ts";

Deno.test("sampledHessian on every row is the derivative of the gradient; a stride samples rows", () => {
  const classes = 3;
  const ridge = 0.02;
  // 300 rows: more than one block of 128, and a short last one.
  const { train, width } = randomProblem(41, 300, 5, classes);
  const size = width * classes;
  const random = new SeededRandom(3);
  const w = Float64Array.from({ length: size }, () => random.normal());
  const gradientAt = (v: Float64Array, count: number, x: Float64Array, labels: Uint16Array) =>
    evaluateSoftmax(x, count, width, labels, v, classes, true, ridge).gradient;
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
  check(sampledHessian(train.x, 300, width, w, classes, ridge, 1), 300, train.x, train.labels);
  // Stride 7: rows 0, 7, ..., 294, the Hessian of that subset alone.
  const rows = Array.from({ length: 43 }, (_, i) => 7 * i);
  const x = new Float64Array(rows.length * width);
  rows.forEach((r, i) => x.set(train.x.subarray(r * width, (r + 1) * width), i * width));
  const labels = Uint16Array.from(rows, (r) => train.labels[r]);
  check(sampledHessian(train.x, 300, width, w, classes, ridge, 7), rows.length, x, labels);
});
