/** `zip` over whole sampler maps: an exact-sampler cell beside annealed cells. */
import assert from "node:assert/strict";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { messageOf } from "./errors.ts";

const F = "pipelines/x.yaml";
const cellsOf = (text: string) => parsePipeline(text, F).cells;

Deno.test("zip pairs K with whole sampler maps: each map its own name and params", () => {
  const cells = cellsOf(`
dataset: { name: digits }
features: { seed: [1, 2] }
zip:
  - training.bits: [2, 10, 10]
    sampler:
      - { name: exact }
      - { name: sa, params: { numReads: 1, numSweeps: 50 } }
      - { name: sa, params: { numReads: 1, numSweeps: 200 } }
`);
  assert.deepEqual(cells.map((c) => c.id), [
    "digits/seed=1/K=2/exact",
    "digits/seed=1/K=10/sa/numSweeps=50",
    "digits/seed=1/K=10/sa/numSweeps=200",
    "digits/seed=2/K=2/exact",
    "digits/seed=2/K=10/sa/numSweeps=50",
    "digits/seed=2/K=10/sa/numSweeps=200",
  ]);
  assert.deepEqual(cells[0].sampler, { name: "exact", params: {} });
  assert.deepEqual(cells[2].sampler, { name: "sa", params: { numReads: 1, numSweeps: 200 } });
  assert.deepEqual(cells.map((c) => c.training.bits), [2, 10, 10, 2, 10, 10]);
  // A map without a name is the default sampler.
  const defaulted = cellsOf(
    "dataset: { name: digits }\nzip:\n  - training.bits: [2, 5]\n" +
      "    sampler: [{ name: exact }, { params: { numSweeps: 9 } }]\n",
  );
  assert.deepEqual(defaulted.map((c) => c.id), ["digits/seed=1/K=2/exact", "digits/seed=1/K=5/sa"]);
  assert.deepEqual(defaulted[1].sampler, { name: "sa", params: { numSweeps: 9 } });
});

Deno.test("zipped sampler maps: each problem named at its position", () => {
  const zip = (body: string) =>
    messageOf(() =>
      cellsOf(`dataset: { name: digits }\nzip:\n  - training.bits: [2, 6]\n    sampler:\n${body}`)
    );
  assert.equal(
    zip("      - 5\n      - { name: sa }\n"),
    `${F}:5:9: sampler[0] in zip[0] must be a sampler map such as { name: exact } or ` +
      "{ name: sa, params: { numSweeps: 200 } }, got 5",
  );
  assert.equal(
    zip("      - { name: exact, parms: {} }\n      - { name: sa }\n"),
    `${F}:5:24: unknown key 'parms' in sampler[0] in zip[0]; did you mean 'params'?`,
  );
  assert.equal(
    zip("      - { name: exakt }\n      - { name: sa }\n"),
    `${F}:5:17: sampler[0] in zip[0]: name must be one of sa, exact, dwave-hybrid, dwave-qpu, ` +
      "got 'exakt'; did you mean 'exact'?",
  );
  assert.equal(
    zip("      - { name: exact, params: 3 }\n      - { name: sa }\n"),
    `${F}:5:32: sampler[0] in zip[0]: params must be a map of sampler parameters, got 3`,
  );
  assert.equal(
    zip("      - { name: exact }\n      - { name: sa, params: { numSweeps: [1, 2] } }\n"),
    `${F}:6:42: sampler[1] in zip[0]: params.numSweeps is a list, but a zipped sampler map is ` +
      "one value; give one value, or add another sampler map to the zip group for each value",
  );
  assert.equal(
    zip(
      "      - { name: exact }\n      - { name: sa }\n" +
        "  - features.seed: [1, 2]\n    sampler.params.numSweeps: [1, 2]\n",
    ),
    `${F}:8:5: zip[1] names sampler.params.numSweeps, but zip[0] zips whole sampler maps; ` +
      "put the name and params into those maps",
  );
  assert.equal(
    zip("      - { name: exact }\n      - { name: sa }\nsampler: { name: sa }\n"),
    `${F}:4:5: sampler is set both in zip[0] and at ${F}:7:1; set it in one place`,
  );
  assert.equal(
    zip("      - { name: exact }\n"),
    `${F}:3:5: zip[0] needs lists of the same length, got 2 for training.bits, 1 for sampler`,
  );
});
