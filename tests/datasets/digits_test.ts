import assert from "node:assert/strict";
import { stratifiedTestCounts } from "../../lib/datasets/digits.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import { tempEnv, thrown } from "./helpers.ts";

const OFFICIAL_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];

function classCounts(labels: Uint16Array): number[] {
  const counts = new Array(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

Deno.test("digits: bundled CSV verified, 1,797 8x8 images with the official class counts", async () => {
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "digits" }, { env });
  assert.deepEqual(d.train.count + d.test.count, 1797);
  const all = classCounts(d.train.labels).map((n, c) => n + classCounts(d.test.labels)[c]);
  assert.deepEqual(all, OFFICIAL_COUNTS);
  assert.deepEqual([d.train.height, d.train.width, d.train.channels, d.train.maxValue], [
    8,
    8,
    1,
    16,
  ]);
  assert.deepEqual(d.classNames, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  assert.deepEqual(
    d.provenance.files[0].sha256,
    "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8",
  );
  assert(Math.max(...d.train.pixels) === 16 && Math.min(...d.train.pixels) === 0);
});

Deno.test("digits: stratified split is seeded, disjoint and keeps each class's share", async () => {
  const { env } = await tempEnv();
  const a = await loadDataset({ name: "digits" }, { env });
  const b = await loadDataset({ name: "digits", splitSeed: 0 }, { env });
  const c = await loadDataset({ name: "digits", splitSeed: 7 }, { env });
  assert.deepEqual(a.test.count, 450); // ceil(1797 x 0.25), as sklearn's train_test_split
  assert.deepEqual(a.test.pixels, b.test.pixels);
  assert.notDeepEqual(a.test.pixels, c.test.pixels);
  const testCounts = classCounts(a.test.labels);
  for (let k = 0; k < 10; k++) {
    assert(Math.abs(testCounts[k] - OFFICIAL_COUNTS[k] * 0.25) < 1, `class ${k}: ${testCounts[k]}`);
  }
  assert.deepEqual(classCounts(c.test.labels), testCounts);
  // Train and test together are exactly the 1,797 rows (no image in both, none lost).
  const rows = (set: typeof a.train) =>
    Array.from(
      { length: set.count },
      (_, i) => set.labels[i] + ":" + set.pixels.subarray(i * 64, i * 64 + 64).join(","),
    );
  const train = rows(a.train);
  const test = rows(a.test);
  const full = rows(c.train).concat(rows(c.test)).sort();
  assert.deepEqual(train.concat(test).sort(), full);
});

Deno.test("digits: testFraction changes the split size; bad values are a clear error", async () => {
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "digits", testFraction: 0.5 }, { env });
  assert.deepEqual(d.test.count, 899);
  const error = await thrown(() => loadDataset({ name: "digits", testFraction: 1 }, { env }));
  assert.deepEqual(
    error.message,
    "Dataset option testFraction must lie strictly between 0 and 1, got 1; use for example 0.25.",
  );
});

Deno.test("stratifiedTestCounts shares ceil(N f) by largest remainder", () => {
  assert.deepEqual(stratifiedTestCounts([10, 10, 1], 0.5), [5, 5, 1]);
  assert.deepEqual(stratifiedTestCounts([3, 3, 3], 1 / 3), [1, 1, 1]);
  assert.deepEqual(stratifiedTestCounts(OFFICIAL_COUNTS, 0.25).reduce((a, b) => a + b), 450);
});
