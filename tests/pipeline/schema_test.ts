import assert from "node:assert/strict";
import { FIELDS, pipelineJsonSchema } from "../../lib/pipeline/schema.ts";
import { SCHEMA_PATH, schemaFileText } from "../../lib/pipeline/write_schema.ts";

type Json = Record<string, unknown>;
const root = new URL("../../", import.meta.url);

Deno.test("committed pipelines/schema.json equals what the generator writes now", async () => {
  const committed = await Deno.readTextFile(new URL(SCHEMA_PATH, root));
  assert.deepEqual(committed, schemaFileText(), "run: deno run -A lib/pipeline/write_schema.ts");
});

Deno.test("JSON Schema accepts a value or a list of values for grid fields", () => {
  const schema = pipelineJsonSchema() as Json;
  const training = (schema.properties as Json).training as Json;
  const bits = (training.properties as Json).bits as Json;
  const forms = bits.anyOf as Json[];
  assert.deepEqual(forms[0], { type: "integer", minimum: 1, maximum: 32 });
  assert.deepEqual(forms[1].type, "array");
  assert.deepEqual(forms[1].minItems, 1);
  assert.deepEqual(forms[1].items, { type: "integer", minimum: 1, maximum: 32 });
  assert.deepEqual(bits.default, 10);
  assert.deepEqual(training.additionalProperties, false);
});

Deno.test("JSON Schema defines the dataset map once and allows a list of them", () => {
  const schema = pipelineJsonSchema() as Json;
  const dataset = (schema.properties as Json).dataset as Json;
  assert.deepEqual(dataset.anyOf, [
    { $ref: "#/definitions/dataset" },
    { type: "array", minItems: 1, items: { $ref: "#/definitions/dataset" } },
  ]);
  const map = (schema.definitions as Json).dataset as Json;
  const name = (map.properties as Json).name as Json;
  assert.deepEqual((name.anyOf as Json[])[0].enum, [
    "digits",
    "mnist",
    "fashion-mnist",
    "cifar10",
    "emnist",
    "kmnist",
  ]);
  assert.deepEqual(schema.required, ["dataset"]);
});

Deno.test("every field carries a description for editors, and defaults where it has one", () => {
  const text = schemaFileText();
  for (const [path, spec] of Object.entries(FIELDS)) {
    assert.ok(text.includes(JSON.stringify(spec.description).slice(1, -1)), `${path} description`);
    assert.ok(spec.description.length > 0, path);
  }
  const features = ((pipelineJsonSchema().properties as Json).features as Json).properties as Json;
  for (const [key, value] of Object.entries(features)) {
    assert.ok("default" in (value as Json), `features.${key} has no default`);
  }
});
