/**
 * The Worker pool's softmax evaluations and baseline fits give the same bits as on this thread,
 * and the training loop learns the same weights whichever runs its evaluations.
 */
import assert from "node:assert/strict";
import { gramMatrix } from "../../lib/gram.ts";
import { evaluateSoftmax } from "../../lib/softmax.ts";
import { SolvePool } from "../../lib/runner/worker_pool.ts";
import { runFit } from "../../lib/baselines/run_fit.ts";
import { DEFAULT_TRAIN_SETTINGS } from "../../lib/train/config.ts";
import { trainQuboHead } from "../../lib/train/train_head.ts";
import { anneal } from "../../samplers/sa.ts";
import { nextFloat, seedState } from "../../samplers/rng.ts";

function dataset(count: number, width: number, classes: number, seed: number) {
  const rng = seedState(seed);
  const x = new Float64Array(count * width);
  const labels = new Uint16Array(count);
  for (let r = 0; r < count; r++) {
    labels[r] = Math.floor(nextFloat(rng) * classes);
    for (let j = 0; j < width - 1; j++) {
      x[r * width + j] = nextFloat(rng) - 0.5 + (j % classes === labels[r] ? 0.8 : 0);
    }
    x[r * width + width - 1] = 1;
  }
  return { x, count, labels };
}

Deno.test("pool evaluations equal evaluateSoftmax on this thread, bit for bit", async () => {
  const pool = new SolvePool(2);
  try {
    const rows = dataset(500, 9, 3, 1);
    const rng = seedState(2);
    const weights = Float64Array.from({ length: 27 }, () => nextFloat(rng) - 0.5);
    const input = { rows, width: 9, weights, classes: 3, withGradient: true, ridge: 0.01 };
    const here = evaluateSoftmax(input);
    // Several at once (both Workers), the rows shared once.
    const there = await Promise.all([1, 2, 3].map(() => pool.evaluate(input)));
    for (const result of there) assert.deepStrictEqual(result, here);
    const lossOnly = await pool.evaluate({ ...input, withGradient: false });
    assert.deepStrictEqual(lossOnly, evaluateSoftmax({ ...input, withGradient: false }));
  } finally {
    pool.close();
  }
});

Deno.test("the training loop learns the same weights with its evaluations on the pool", async () => {
  const pool = new SolvePool(2);
  try {
    const width = 7, classes = 3;
    const train = dataset(300, width, classes, 3), test = dataset(100, width, classes, 4);
    const problem = { train, test, width, classes, gram: gramMatrix(train.x, 300, width) };
    const options = {
      settings: { ...DEFAULT_TRAIN_SETTINGS, bits: 6, iterations: 6 },
      solve: (
        task: { problem: Parameters<typeof anneal>[0]; seed: number; initialState: Uint8Array },
      ) =>
        Promise.resolve(
          anneal(task.problem, {
            numReads: 1,
            numSweeps: 50,
            seed: task.seed,
            initialStates: task.initialState,
          }),
        ),
    };
    const local = await trainQuboHead(problem, options);
    const pooled = await trainQuboHead(problem, {
      ...options,
      evaluate: (input) => pool.evaluate(input),
    });
    assert.deepStrictEqual(pooled.weights, local.weights);
    assert.deepStrictEqual(
      pooled.iterations.map((r) => [r.crossEntropy, r.testAccuracy]),
      local.iterations.map((r) => [r.crossEntropy, r.testAccuracy]),
    );
  } finally {
    pool.close();
  }
});

Deno.test("baseline fits on the pool equal the fits on this thread", async () => {
  const pool = new SolvePool(2);
  try {
    const width = 7, classes = 3;
    const train = dataset(400, width, classes, 5), test = dataset(100, width, classes, 6);
    const problem = { train, test, width, classes, gram: gramMatrix(train.x, 400, width) };
    const requests = [
      {
        method: "sgd",
        settings: { epochs: 3, learningRate: 0.1, batchSize: 32, seed: 1, ridge: 0.01 },
      },
      { method: "exact", settings: { maxIterations: 200, tolerance: 1e-9, ridge: 0.01 } },
    ] as const;
    for (const request of requests) {
      const { seconds: _here, ...local } = runFit(problem, request);
      const { seconds: _there, ...pooled } = await pool.fitBaseline(problem, request);
      assert.deepStrictEqual(pooled, local, request.method);
    }
  } finally {
    pool.close();
  }
});
