import assert from "node:assert/strict";
import { stageKey } from "../../lib/cache/canonical.ts";
import { explainCellChange, explainKeyChange } from "../../lib/cache/explain.ts";
import type { StageSpec } from "../../lib/cache/types.ts";

const A = "3f2a" + "0".repeat(60);
const B = "9b1c" + "1".repeat(60);

function spec(params: unknown, extra: Partial<StageSpec> = {}): StageSpec {
  return { stage: "qubo", version: 1, params, upstream: { gram: A }, ...extra };
}

Deno.test("explainKeyChange names each differing component", () => {
  const previous = spec({ bits: 10, box: { policy: "trust", scale: 2 }, eta: 0.5 });
  const current = spec(
    { bits: 15, box: { policy: "fixed", scale: 2 }, eta: 0.5 },
    { version: 2, upstream: { gram: B } },
  );
  assert.deepEqual(explainKeyChange(previous, current), [
    "version: 1 -> 2",
    "params.bits: 10 -> 15",
    'params.box.policy: "trust" -> "fixed"',
    "upstream.gram: 3f2a... -> 9b1c...",
  ]);
});

Deno.test("explainKeyChange: added and removed fields, arrays, types and stage names", () => {
  const previous = spec({ sizes: [1, 2, 3], old: true, n: 1 });
  const current = spec(
    { sizes: [1, 5], new: { deep: [1] }, n: "1" },
    { stage: "gram", upstream: { gram: A, labels: B } },
  );
  assert.deepEqual(explainKeyChange(previous, current), [
    'stage: "qubo" -> "gram"',
    'params.n: 1 -> "1"',
    'params.new: added ({"deep":[1]})',
    "params.old: removed (was true)",
    "params.sizes[1]: 2 -> 5",
    "params.sizes[2]: removed (was 3)",
    "upstream.labels: added (9b1c...)",
  ]);
  assert.deepEqual(explainKeyChange(current, { ...current, upstream: {} }), [
    "upstream.gram: removed (was 3f2a...)",
    "upstream.labels: removed (was 9b1c...)",
  ]);
});

Deno.test("explainKeyChange: nothing differs when only key order differs; long values are cut", () => {
  assert.deepEqual(
    explainKeyChange(spec({ a: 1, b: { c: 2, d: 3 } }), spec({ b: { d: 3, c: 2 }, a: 1 })),
    [],
  );
  const long = "x".repeat(100);
  assert.deepEqual(explainKeyChange(spec({ label: "short" }), spec({ label: long })), [
    `params.label: "short" -> "${"x".repeat(56)}...`,
  ]);
  assert.deepEqual(explainKeyChange(spec(null), spec({ a: 1 })), ['params: null -> {"a":1}']);
});

async function cell(filters: number, bits: number, extra: Record<string, StageSpec> = {}) {
  const dataset: StageSpec = {
    stage: "dataset",
    version: 1,
    params: { name: "digits" },
    upstream: {},
  };
  const features: StageSpec = {
    stage: "features",
    version: 1,
    params: { filters, size: 3 },
    upstream: { dataset: await stageKey(dataset) },
  };
  const gram: StageSpec = {
    stage: "gram",
    version: 1,
    params: {},
    upstream: { features: await stageKey(features) },
  };
  const train: StageSpec = {
    stage: "train",
    version: 1,
    params: { bits },
    upstream: { gram: await stageKey(gram), features: await stageKey(features) },
  };
  // Listed out of dependency order on purpose: the explanation follows the dependencies.
  return { train, gram, features, dataset, ...extra };
}

Deno.test("explainCellChange follows an upstream change to the stage that caused it", async () => {
  const previous = await cell(4, 10);
  const current = await cell(8, 10);
  assert.deepEqual(await explainCellChange(previous, current), [
    "features changed: params.filters: 4 -> 8",
    "gram changed: upstream.features changed because features changed",
    "train changed: upstream.features changed because features changed",
    "train changed: upstream.gram changed because gram changed",
  ]);
});

Deno.test("explainCellChange: a local change touches only its own stage; new and dropped stages", async () => {
  const baseline: StageSpec = {
    stage: "baseline",
    version: 1,
    params: { method: "sgd" },
    upstream: {},
  };
  const report: StageSpec = { stage: "report", version: 1, params: {}, upstream: {} };
  const previous = await cell(4, 10, { report });
  const current = await cell(4, 15, { baseline });
  assert.deepEqual(await explainCellChange(previous, current), [
    "train changed: params.bits: 10 -> 15",
    "baseline: new stage (not in the previous run)",
    "report: no longer in the plan",
  ]);
  assert.deepEqual(await explainCellChange(current, current), []);
});

Deno.test("explainCellChange: an upstream outside the cell is shown by key", async () => {
  const previous = { gram: { stage: "gram", version: 1, params: {}, upstream: { features: A } } };
  const current = { gram: { stage: "gram", version: 1, params: {}, upstream: { features: B } } };
  assert.deepEqual(await explainCellChange(previous, current), [
    "gram changed: upstream.features: 3f2a... -> 9b1c...",
  ]);
});
