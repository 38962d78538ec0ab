import assert from "node:assert/strict";
import { parseEmnistMapping } from "../../lib/datasets/emnist.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import {
  EMNIST_FIXTURE_PER_CLASS,
  emnistSetSeed,
  emnistStoredLabel,
  emnistUprightPixel,
} from "../fixtures/emnist_fixture.ts";
import { sharedFixtures, tempEnv, thrown } from "./helpers.ts";

Deno.test("emnist balanced (default split): 47 classes from the mapping, images turned upright", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "emnist", dataDir: fx.dir }, {
    env,
    checksums: fx.checksums,
  });
  assert.equal(d.variant, "balanced");
  assert.equal(d.classNames.length, 47);
  assert.deepEqual(
    [d.classNames[0], d.classNames[9], d.classNames[10], d.classNames[35], d.classNames[36]],
    ["0", "9", "A", "Z", "a"],
  );
  assert.equal(d.classNames[46], "t");
  assert.equal(d.train.count, 47 * EMNIST_FIXTURE_PER_CLASS.train);
  assert.equal(d.test.count, 47 * EMNIST_FIXTURE_PER_CLASS.test);
  const seed = emnistSetSeed("balanced", "train");
  // Upright (r, c) = stored (c, r). Pixel (0, 1) and (1, 0) of image 0 differ (7 vs 3 steps).
  assert.equal(d.train.pixels[0 * 28 + 1], emnistUprightPixel(seed, 0, 0, 1));
  assert.equal(d.train.pixels[1 * 28 + 0], emnistUprightPixel(seed, 0, 1, 0));
  assert.equal(d.train.pixels[1], 20); // seed 1: 17 + 3 (one column to the right)
  assert.equal(d.train.pixels[28], 24); // 17 + 7 (one row down)
  const i = 50;
  for (const [r, c] of [[3, 20], [27, 0], [13, 14]]) {
    assert.equal(d.train.pixels[i * 784 + r * 28 + c], emnistUprightPixel(seed, i, r, c));
  }
  assert.equal(d.train.labels[i], emnistStoredLabel("balanced", i));
});

Deno.test("emnist letters: labels 1..26 become 0..25, class names from both char codes", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const d = await loadDataset({ name: "emnist", split: "letters", dataDir: fx.dir }, {
    env,
    checksums: fx.checksums,
  });
  assert.equal(d.variant, "letters");
  assert.equal(d.classNames.length, 26);
  assert.deepEqual([d.classNames[0], d.classNames[25]], ["A/a", "Z/z"]);
  // Stored label of test image 0 is 1 ("A"), of image 25 is 26 ("Z").
  assert.equal(emnistStoredLabel("letters", 0), 1);
  assert.equal(d.test.labels[0], 0);
  assert.equal(d.test.labels[25], 25);
  assert.equal(Math.max(...d.train.labels), 25);
  const seed = emnistSetSeed("letters", "test");
  assert.equal(d.test.pixels[3 * 784 + 5 * 28 + 9], emnistUprightPixel(seed, 3, 5, 9));
});

Deno.test("emnist: an unknown split, or a split the archive lacks, is named", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const unknown = await thrown(() =>
    loadDataset({ name: "emnist", split: "bogus", dataDir: fx.dir }, {
      env,
      checksums: fx.checksums,
    })
  );
  assert.equal(
    unknown.message,
    'EMNIST split "bogus" is unknown; use one of balanced, byclass, bymerge, letters, digits, mnist.',
  );
  const absent = await thrown(() =>
    loadDataset({ name: "emnist", split: "digits", dataDir: fx.dir }, {
      env,
      checksums: fx.checksums,
    })
  );
  assert.equal(
    absent.message,
    `Zip archive ${fx.dir}/emnist/gzip.zip has no member emnist-digits-mapping.txt; use the official EMNIST gzip.zip.`,
  );
});

Deno.test("emnist mapping: contiguous labels, several codes joined", () => {
  const m = parseEmnistMapping("1 65 97\n2 66 98\n", "m.txt");
  assert.deepEqual(m, { classNames: ["A/a", "B/b"], labelOffset: 1 });
  assert.throws(() => parseEmnistMapping("0 48\n2 50\n", "m.txt"), {
    message:
      "EMNIST mapping file m.txt skips label 1 (labels must be contiguous); use the official gzip.zip.",
  });
});
