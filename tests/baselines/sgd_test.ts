import { assert } from "../helpers/assert.ts";
import { fitSgdSoftmax } from "../../lib/baselines/sgd.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { plainSgd, randomProblem } from "./plain_softmax.ts";

Deno.test("SGD gives the per-sample loops' weights bit for bit, short last batch included", () => {
  const problem = randomProblem(11, 301, 12, 7);
  const settings = { epochs: 3, learningRate: 0.2, batchSize: 32, seed: 5, ridge: 0.01 };
  const fit = fitSgdSoftmax(problem, settings);
  assert.deepStrictEqual(fit.weights, plainSgd(problem, settings));
  const { train, test, width, classes } = problem;
  const trainEval = evaluateSoftmax({
    rows: train,
    width,
    weights: fit.weights,
    classes,
    withGradient: false,
  });
  assert.strictEqual(fit.trainAccuracy, trainEval.accuracy);
  assert.strictEqual(fit.crossEntropy, trainEval.crossEntropy);
  const testEval = evaluateSoftmax({
    rows: test,
    width,
    weights: fit.weights,
    classes,
    withGradient: false,
  });
  assert.strictEqual(fit.testAccuracy, testEval.accuracy);
  assert.strictEqual(fit.iterations, 3);
  // It learnt something: better than the 1/7 of guessing on this separable-ish problem.
  assert.ok(fit.trainAccuracy > 0.5, `train accuracy ${fit.trainAccuracy}`);
});
