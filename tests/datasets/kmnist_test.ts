import assert from "node:assert/strict";
import { loadDataset } from "../../lib/datasets/load.ts";
import { kmnistFixtureLabel, kmnistFixturePixel } from "../fixtures/kmnist_fixture.ts";
import { sharedFixtures, tempEnv } from "./helpers.ts";

Deno.test("kmnist: gzipped IDX fixture, class names o..wo, pixels and labels in place", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "kmnist", dataDir: fx.dir }, {
    env,
    checksums: fx.checksums,
  });
  assert.deepEqual(d.classNames, ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"]);
  assert.equal(d.train.count, 30);
  assert.equal(d.test.count, 10);
  assert.deepEqual([d.train.height, d.train.width, d.train.maxValue], [28, 28, 255]);
  assert.equal(d.train.labels[3], kmnistFixtureLabel(3));
  assert.equal(d.train.pixels[7 * 784 + 2 * 28 + 5], kmnistFixturePixel(0, 7, 2, 5));
  assert.equal(d.test.pixels[9 * 784 + 27 * 28 + 27], kmnistFixturePixel(1, 9, 27, 27));
  assert.equal(d.provenance.files.length, 4);
  assert.equal(d.provenance.files[0].sha256, fx.checksums["kmnist/train-images-idx3-ubyte.gz"]);
});
