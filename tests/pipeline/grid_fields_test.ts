/**
 * Every grid field of the schema reaches a cell and sweeps: the lists the grid and the ids use
 * are derived from the schema, so a field added there cannot pass validation and then be
 * silently dropped. Also checks the derived orders are the ones cells and ids have always had.
 */
import { assert } from "../helpers/assert.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { DATASET_OWNERS, GRID_ORDER, ID_FIELDS } from "../../lib/pipeline/grid_fields.ts";
import {
  DATASET_FIELDS,
  FEATURE_FIELDS,
  type FieldSpec,
  TRAINING_FIELDS,
} from "../../lib/pipeline/schema.ts";

/** Two distinct valid values of a field, other than its default where possible. */
function twoValues(spec: FieldSpec): unknown[] {
  if (spec.choices) return spec.choices.slice(0, 2) as unknown[];
  const candidates = [2, 3, 5, 7, 0.5, 0.25, 0.01, 1.5, 4, 1, 0, true, false];
  const valid = candidates.filter((v) => v !== spec.default && spec.scalar.safeParse(v).success);
  return valid.slice(0, 2);
}

const SECTIONS: [string, Record<string, FieldSpec>][] = [
  ["dataset", DATASET_FIELDS],
  ["features", FEATURE_FIELDS],
  ["training", TRAINING_FIELDS],
];

for (const [section, fields] of SECTIONS) {
  for (const [field, spec] of Object.entries(fields)) {
    if (!spec.grid || (section === "dataset" && field === "name")) continue;
    Deno.test(`${section}.${field} reaches every cell and sweeps`, () => {
      const values = twoValues(spec);
      assert.strictEqual(values.length, 2, `two valid values of ${section}.${field}`);
      const dataset = DATASET_OWNERS[field] ?? "digits";
      const sections: Record<string, Record<string, unknown>> = {
        dataset: { name: dataset },
        features: {},
        training: {},
      };
      sections[section][field] = values;
      // Small features keep every value valid together (the kernel must fit the image).
      const yaml = Object.entries(sections).map(([name, body]) =>
        `${name}: ${JSON.stringify(body)}`
      ).join("\n");
      const pipeline = parsePipeline(yaml, "fields.yaml");
      assert.strictEqual(pipeline.cells.length, 2, yaml);
      const got = pipeline.cells.map((c) =>
        (c[section as "dataset" | "features" | "training"] as unknown as Record<string, unknown>)[
          field
        ]
      );
      assert.deepStrictEqual(got, values, `${section}.${field} in the cells`);
      // A swept field is named in the ids unless it is part of their fixed skeleton.
      const skeleton = field === "seed" || field === "bits" || field === "split";
      const ids = pipeline.cells.map((c) => c.id);
      assert.notStrictEqual(ids[0], ids[1]);
      if (!skeleton) assert.ok(ids[0].includes(`${field}=`), ids[0]);
    });
  }
}

Deno.test("derived grid orders and id fields are those cells and ids have always used", () => {
  assert.deepStrictEqual(GRID_ORDER.dataset, [
    "name",
    "split",
    "testFraction",
    "splitSeed",
    "trainPerClass",
    "testPerClass",
    "subsampleSeed",
    "color",
    "dataDir",
  ]);
  assert.deepStrictEqual(GRID_ORDER.features, [
    "filters",
    "kernel",
    "stride",
    "activation",
    "pooling",
    "pool",
    "filterInit",
    "seed",
  ]);
  assert.strictEqual(GRID_ORDER.training.at(-1), "bits");
  assert.deepStrictEqual(ID_FIELDS.dataset, [
    "testFraction",
    "splitSeed",
    "trainPerClass",
    "testPerClass",
    "subsampleSeed",
    "color",
  ]);
  assert.deepStrictEqual(DATASET_OWNERS, {
    split: "emnist",
    testFraction: "digits",
    splitSeed: "digits",
    color: "cifar10",
  });
});
