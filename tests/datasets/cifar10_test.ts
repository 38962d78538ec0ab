import assert from "node:assert/strict";
import { join } from "node:path";
import { loadDataset } from "../../lib/datasets/load.ts";
import {
  CIFAR_BATCHES,
  CIFAR_FIXTURE_RECORDS,
  cifarFixtureLabel,
  cifarFixturePixel,
} from "../fixtures/cifar10_fixture.ts";
import { cifarBatchBytes } from "../fixtures/cifar10_fixture.ts";
import { gzip, tar } from "../fixtures/formats.ts";
import { sha256Of, sharedFixtures, tempEnv, thrown } from "./helpers.ts";

Deno.test("cifar10: tar.gz fixture read as rgb, records in batch order, planes R G B", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "cifar10", dataDir: fx.dir, color: "rgb" }, {
    env,
    checksums: fx.checksums,
  });
  assert.deepEqual(d.classNames.slice(0, 3), ["airplane", "automobile", "bird"]);
  assert.equal(d.classNames[9], "truck");
  assert.equal(d.train.count, 5 * CIFAR_FIXTURE_RECORDS);
  assert.equal(d.test.count, CIFAR_FIXTURE_RECORDS);
  assert.deepEqual([d.train.channels, d.train.height, d.train.width, d.train.maxValue], [
    3,
    32,
    32,
    255,
  ]);
  // Image 14 is record 2 of data_batch_2; pixel (row 3, col 4) = p 100 of each plane.
  const i = CIFAR_FIXTURE_RECORDS + 2;
  for (let ch = 0; ch < 3; ch++) {
    assert.equal(d.train.pixels[i * 3072 + ch * 1024 + 100], cifarFixturePixel(2, 2, ch, 100));
  }
  assert.equal(d.train.labels[i], cifarFixtureLabel(2, 2));
  assert.equal(d.test.labels[5], cifarFixtureLabel(6, 5));
  assert.equal(d.test.pixels[5 * 3072 + 2 * 1024 + 1023], cifarFixturePixel(6, 5, 2, 1023));
});

Deno.test("cifar10: gray is round(0.299 R + 0.587 G + 0.114 B), one channel", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "cifar10", dataDir: fx.dir }, {
    env,
    checksums: fx.checksums,
  });
  assert.equal(d.train.channels, 1);
  assert.equal(d.train.pixels.length, d.train.count * 1024);
  for (const [batch, i, p] of [[1, 0, 0], [3, 7, 517], [5, 11, 1023]]) {
    const r = cifarFixturePixel(batch, i, 0, p);
    const g = cifarFixturePixel(batch, i, 1, p);
    const b = cifarFixturePixel(batch, i, 2, p);
    const k = (batch - 1) * CIFAR_FIXTURE_RECORDS + i;
    assert.equal(d.train.pixels[k * 1024 + p], Math.round(0.299 * r + 0.587 * g + 0.114 * b));
  }
  // A known pixel, worked by hand: batch 1, record 0, p 0 is R 37, G 108, B 179.
  assert.deepEqual([0, 1, 2].map((ch) => cifarFixturePixel(1, 0, ch, 0)), [37, 108, 179]);
  assert.equal(d.train.pixels[0], 95); // 0.299*37 + 0.587*108 + 0.114*179 = 94.865
});

Deno.test("cifar10: an archive without test_batch.bin is rejected by name", async () => {
  const { dir, env } = await tempEnv();
  const entries = CIFAR_BATCHES.filter((b) => b.file !== "test_batch.bin").map((b) => ({
    path: `cifar-10-batches-bin/${b.file}`,
    bytes: cifarBatchBytes(b.batch, 2),
  }));
  const path = join(dir, "cifar-10-binary.tar.gz");
  await Deno.writeFile(path, await gzip(tar(entries)));
  const sha = await sha256Of(path);
  const error = await thrown(() =>
    loadDataset({ name: "cifar10", dataDir: dir }, {
      env,
      checksums: { "cifar10/cifar-10-binary.tar.gz": sha },
    })
  );
  assert.equal(
    error.message,
    `CIFAR-10 archive ${path} lacks test_batch.bin, batches.meta.txt; it is not the binary version, download cifar-10-binary.tar.gz again.`,
  );
});

Deno.test("cifar10: a corrupt tar header is a clear error, not a crash", async () => {
  const { dir, env } = await tempEnv();
  const archive = tar([{
    path: "cifar-10-batches-bin/test_batch.bin",
    bytes: cifarBatchBytes(6, 1),
  }]);
  archive[0] ^= 0xff; // break the header checksum
  const path = join(dir, "cifar-10-binary.tar.gz");
  await Deno.writeFile(path, await gzip(archive));
  const sha = await sha256Of(path);
  const error = await thrown(() =>
    loadDataset({ name: "cifar10", dataDir: dir }, {
      env,
      checksums: { "cifar10/cifar-10-binary.tar.gz": sha },
    })
  );
  assert.equal(
    error.message,
    `Tar archive ${path} has a corrupt entry header at byte 0 (checksum mismatch); it is not a valid tar file, download it again.`,
  );
});
