/**
 * Bounded work, refused up front (issue 14): a runaway grid, empty features and a QUBO past the
 * machine's memory are UserErrors with the numbers, from `plan` and `run` before any work.
 */
import assert from "node:assert/strict";
import { formatBytes } from "../../lib/format_bytes.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import {
  checkPipelineLimits,
  estimateCell,
  gridUpperBound,
  maxCells,
} from "../../lib/pipeline/limits.ts";
import type { PipelineFile } from "../../lib/pipeline/schema.ts";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

const seeds = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(", ")}]`;

Deno.test("limits: a 10^6-cell grid is refused before it is expanded", () => {
  const yaml = `dataset: { name: digits }
features: { seed: ${seeds(1000)}, filters: ${seeds(1001).replace("[0, ", "[")} }
`;
  const started = performance.now();
  const error = thrown(() => parsePipeline(yaml, "big.yaml"));
  assert.ok(performance.now() - started < 2000, "refused quickly");
  assert.equal(
    error.message,
    "big.yaml expands to up to 1,000,000 cells, more than the limit of 10,000; sweep fewer values, or raise the limit with QUBO_CNN_MAX_CELLS=1000000 if you mean it.",
  );
  assert.equal(error.name, "UserError");
});

Deno.test("limits: the upper bound counts sweeps, lists of maps and zip groups", () => {
  const bound = (file: unknown) => gridUpperBound(file as PipelineFile);
  assert.equal(bound({ dataset: { name: "digits" } }), 1);
  assert.equal(
    bound({
      dataset: [{ name: "digits" }, { name: ["mnist", "kmnist"] }],
      features: { seed: [1, 2, 3], filters: [2, 4] },
      training: { bits: [5, 10] },
      sampler: { name: "sa", params: { numSweeps: [10, 20], betaRange: [1, 10] } },
      zip: [{ "features.kernel": [3, 5], "features.pool": [2, 1] }],
    }),
    3 * 6 * 2 * 2 * 2,
  );
  // A list of arrays sweeps an array-valued parameter; one array does not.
  assert.equal(bound({ sampler: { params: { betaRange: [[1, 10], [0.1, 5]] } } }), 2);
  // The bound is never below the real count.
  const p = parsePipeline(
    "dataset: { name: digits }\nfeatures: { seed: [1, 2] }\ntraining: { bits: [5, 10, 15] }\n",
    "p.yaml",
  );
  assert.equal(p.cells.length, 6);
});

Deno.test("limits: QUBO_CNN_MAX_CELLS must be a positive whole number", () => {
  assert.equal(maxCells(undefined), 10_000);
  assert.equal(maxCells("50"), 50);
  for (const bad of ["abc", "0", "-5", "1.5", "1e3"]) {
    assert.equal(
      thrown(() => maxCells(bad)).message,
      `QUBO_CNN_MAX_CELLS is "${bad}", not a positive whole number of cells; set it to a number such as 50000 or unset it (default 10,000).`,
    );
  }
});

Deno.test("limits: kernel 9 on 8x8 digits has no features (d = 0), with the fix", () => {
  const p = parsePipeline("dataset: { name: digits }\nfeatures: { kernel: 9 }\n", "k9.yaml");
  assert.equal(estimateCell(p.cells[0]).d, 0);
  assert.equal(
    thrown(() => checkPipelineLimits(p)).message,
    `k9.yaml: cell ${
      p.cells[0].id
    } has no features (d = 0): kernel 9 does not fit the 8x8 images of digits; use a kernel of at most 8.`,
  );
  const pooled = parsePipeline(
    "dataset: { name: digits }\nfeatures: { kernel: 5, pool: 5 }\n",
    "pool.yaml",
  );
  assert.equal(
    thrown(() => checkPipelineLimits(pooled)).message,
    `pool.yaml: cell ${
      pooled.cells[0].id
    } has no features (d = 0): the 4x4 convolution map is smaller than the pooling window 5; use pool at most 4, a smaller kernel or stride, or pooling: none.`,
  );
});

Deno.test("limits: filters 100000000 is refused with d, n, couplers and the memory estimate", () => {
  const p = parsePipeline(
    "dataset: { name: digits }\nfeatures: { filters: 100000000 }\ntraining: { bits: 5 }\n",
    "huge.yaml",
  );
  const estimate = estimateCell(p.cells[0]);
  assert.equal(estimate.d, 900_000_000); // 3x3 after 3x3 convolution and 2x2 pooling
  assert.equal(estimate.n, 4_500_000_005);
  assert.equal(
    thrown(() => checkPipelineLimits(p, { memoryBytes: 128e9 })).message,
    `huge.yaml: cell ${p.cells[0].id} needs about ${
      formatBytes(estimate.bytes)
    } of memory (d = 900,000,000, class QUBO n = 4,500,000,005 with 1.0e+19 couplers, 1,797 images), more than this machine's 128.0 GB; use fewer filters, more pooling, fewer bits or fewer images.`,
  );
  assert.match(formatBytes(estimate.bytes), /^3\.3e\+20 B$/);
});

Deno.test("limits: the committed MNIST-sized cell (n = 2,900) passes on a 16 GB machine", () => {
  const p = parsePipeline(
    "dataset: { name: mnist }\nfeatures: { filters: 4, kernel: 3, pool: 4 }\ntraining: { bits: 20 }\n",
    "mnist.yaml",
  );
  const estimate = estimateCell(p.cells[0], 2);
  assert.deepEqual([estimate.d, estimate.n, estimate.images], [144, 2900, 70000]);
  // 3 dense 2,900^2 QUBOs (0.2 GB) + design matrices of 70,000 x 145 (0.16 GB) + Gram.
  assert.equal(estimate.bytes, 8 * 2900 * 2900 * 3 + 8 * (2 * 70000 * 145 + 145 * 145));
  checkPipelineLimits(p, { jobs: 2, memoryBytes: 16e9 });
});
