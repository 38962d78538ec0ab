import { assert, assertClose } from "../helpers/assert.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { SeededRandom } from "../../lib/random.ts";
import { plainEvaluate, randomProblem } from "./plain_softmax.ts";

function randomWeights(seed: number, size: number, scale: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: size }, () => scale * random.normal());
}

Deno.test("evaluateSoftmax gives the plain per-row loops' bits for awkward sizes", () => {
  // 1-3 leftover rows past the blocks of 64 and of 4, odd and even class counts.
  for (const [count, features, classes] of [[203, 13, 7], [130, 9, 2], [5, 4, 3], [64, 10, 10]]) {
    const { train, width } = randomProblem(count, count, features, classes);
    const w = randomWeights(count + 1, width * classes, 0.7);
    const fast = evaluateSoftmax({
      rows: { x: train.x, count, labels: train.labels },
      width,
      weights: w,
      classes,
      withGradient: true,
      ridge: 0.03,
    });
    const plain = plainEvaluate(train.x, count, width, train.labels, w, classes, 0.03);
    assert.strictEqual(fast.objective, plain.objective);
    assert.strictEqual(fast.crossEntropy, plain.crossEntropy);
    assert.strictEqual(fast.accuracy, plain.accuracy);
    assert.deepStrictEqual(fast.gradient, plain.gradient);
    const noGradient = evaluateSoftmax({
      rows: { x: train.x, count, labels: train.labels },
      width,
      weights: w,
      classes,
      withGradient: false,
    });
    assert.strictEqual(noGradient.crossEntropy, plain.crossEntropy);
    assert.strictEqual(noGradient.objective, plain.crossEntropy);
    assert.strictEqual(noGradient.gradient.length, 0);
  }
});

Deno.test("evaluateSoftmax's gradient is the derivative of its objective", () => {
  const classes = 5;
  const { train, width } = randomProblem(3, 90, 6, classes);
  const w = randomWeights(4, width * classes, 0.5);
  const at = evaluateSoftmax({
    rows: { x: train.x, count: 90, labels: train.labels },
    width,
    weights: w,
    classes,
    withGradient: true,
    ridge: 0.1,
  });
  for (const i of [0, 7, width * classes - 1]) {
    const h = 1e-6;
    const up = Float64Array.from(w);
    const down = Float64Array.from(w);
    up[i] += h;
    down[i] -= h;
    const f = (v: Float64Array) =>
      evaluateSoftmax({
        rows: { x: train.x, count: 90, labels: train.labels },
        width,
        weights: v,
        classes,
        withGradient: false,
        ridge: 0.1,
      }).objective;
    assertClose(at.gradient[i], (f(up) - f(down)) / (2 * h), 1e-8, `dL/dw[${i}]`);
  }
});
