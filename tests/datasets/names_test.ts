/** Dataset and EMNIST split names are defined once (lib/datasets/names.ts); all else follows. */
import { assert } from "../helpers/assert.ts";
import { CATALOGUE, findCatalogueEntry } from "../../lib/datasets/catalogue.ts";
import { DATASET_NAMES, EMNIST_SPLITS } from "../../lib/datasets/names.ts";
import * as pipelineTypes from "../../lib/pipeline/types.ts";
import * as emnist from "../../lib/datasets/emnist.ts";

Deno.test("the catalogue has one entry per dataset name, in order", () => {
  assert.deepStrictEqual(CATALOGUE.map((entry) => entry.name), [...DATASET_NAMES]);
  assert.deepStrictEqual(DATASET_NAMES, [
    "digits",
    "mnist",
    "fashion-mnist",
    "cifar10",
    "emnist",
    "kmnist",
  ]);
});

Deno.test("EMNIST's catalogue variants are the splits, default first, with their sizes", () => {
  assert.deepStrictEqual(findCatalogueEntry("emnist")?.variants, [
    { name: "balanced", classes: 47, images: 131600 },
    { name: "byclass", classes: 62, images: 814255 },
    { name: "bymerge", classes: 47, images: 814255 },
    { name: "letters", classes: 26, images: 145600 },
    { name: "digits", classes: 10, images: 280000 },
    { name: "mnist", classes: 10, images: 70000 },
  ]);
  assert.deepStrictEqual(EMNIST_SPLITS.map((s) => s), [
    "balanced",
    "byclass",
    "bymerge",
    "letters",
    "digits",
    "mnist",
  ]);
});

Deno.test("the pipeline types and the EMNIST reader re-export the same lists, not copies", () => {
  assert.strictEqual(pipelineTypes.DATASET_NAMES, DATASET_NAMES);
  assert.strictEqual(pipelineTypes.EMNIST_SPLITS, EMNIST_SPLITS);
  assert.strictEqual(emnist.EMNIST_SPLITS, EMNIST_SPLITS);
});
