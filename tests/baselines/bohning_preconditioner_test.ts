import { assert, assertClose } from "../helpers/assert.ts";
import { bohningPreconditioner } from "../../lib/baselines/bohning_preconditioner.ts";
import { SeededRandom } from "../../lib/random.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { randomProblem } from "./plain_softmax.ts";

const classes = 3;
const ridge = 0.05;
const problem = randomProblem(21, 80, 4, classes);
const { width, gram, train } = problem;
const size = width * classes;

/** M v with M = (G/2 + ridge I) (x) (I - 1 1^T / C) + ridge I (x) 1 1^T / C, written out. */
function applyBound(v: Float64Array): Float64Array {
  const out = new Float64Array(size);
  for (let j = 0; j < width; j++) {
    for (let c = 0; c < classes; c++) {
      let sum = 0;
      for (let k = 0; k < width; k++) {
        for (let d = 0; d < classes; d++) {
          const projection = (c === d ? 1 : 0) - 1 / classes;
          const a = 0.5 * gram[j * width + k] + (j === k ? ridge : 0);
          sum += (a * projection + (j === k ? ridge / classes : 0)) * v[k * classes + d];
        }
      }
      out[j * classes + c] = sum;
    }
  }
  return out;
}

function randomVector(random: SeededRandom): Float64Array {
  return Float64Array.from({ length: size }, () => random.normal());
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

Deno.test("the Böhning preconditioner applies the inverse of the bound M", () => {
  const apply = bohningPreconditioner(gram, width, classes, ridge);
  const random = new SeededRandom(1);
  for (let trial = 0; trial < 3; trial++) {
    const v = randomVector(random);
    const back = applyBound(v);
    apply(back);
    for (let i = 0; i < size; i++) assertClose(back[i], v[i], 1e-9, `(M^-1 M v)[${i}]`);
  }
});

Deno.test("the Böhning bound M lies above the softmax objective's Hessian", () => {
  const random = new SeededRandom(2);
  const gradientAt = (w: Float64Array) =>
    evaluateSoftmax({
      rows: train,
      width,
      weights: w,
      classes,
      withGradient: true,
      ridge,
    }).gradient;
  for (let trial = 0; trial < 5; trial++) {
    const w = randomVector(random).map((value) => 2 * value);
    const v = randomVector(random);
    const h = 1e-5;
    const up = gradientAt(w.map((value, i) => value + h * v[i]));
    const down = gradientAt(w.map((value, i) => value - h * v[i]));
    const hessian = dot(v, up.map((value, i) => (value - down[i]) / (2 * h)));
    const bound = dot(v, applyBound(v));
    assert.ok(hessian > 0 && hessian <= bound, `v^T H v = ${hessian}, v^T M v = ${bound}`);
  }
});
