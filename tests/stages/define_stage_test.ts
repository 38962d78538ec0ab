/** defineStage: specs and keys from the declaration, validated reads, one getOrCompute. */
import { assert } from "../helpers/assert.ts";
import { z } from "zod";
import { stageKey } from "../../lib/cache/canonical.ts";
import type { Artifact, CachedArtifact, StageSpec } from "../../lib/cache/types.ts";
import { defineStage } from "../../lib/stages/define_stage.ts";
import { assertUserError } from "../samplers/conformance.ts";

const SQUARE = defineStage({
  name: "square",
  version: 3,
  params: (input: { x: number; upstream: string }) => ({ x: input.x }),
  upstream: (input: { x: number; upstream: string }) => ({ source: input.upstream }),
  meta: z.object({ x: z.number() }),
  arrays: { values: Float64Array },
});

/** An in-memory getOrCompute that counts computations. */
function memoryCache() {
  const entries = new Map<string, Artifact>();
  let computed = 0;
  return {
    get computed() {
      return computed;
    },
    entries,
    async getOrCompute(spec: StageSpec, compute: () => Promise<Artifact>): Promise<CachedArtifact> {
      const key = await stageKey(spec);
      const found = entries.get(key);
      if (found) return { key, artifact: found, hit: true };
      computed++;
      const artifact = await compute();
      entries.set(key, artifact);
      return { key, artifact, hit: false };
    },
  };
}

Deno.test("a stage's spec and key come from its declaration", async () => {
  const input = { x: 4, upstream: "a".repeat(64) };
  const spec = SQUARE.spec(input);
  assert.deepStrictEqual(spec, {
    stage: "square",
    version: 3,
    params: { x: 4 },
    upstream: { source: "a".repeat(64) },
  });
  assert.strictEqual(await SQUARE.key(input), await stageKey(spec));
});

Deno.test("run computes once, then reads back the validated artifact", async () => {
  const cache = memoryCache();
  const input = { x: 3, upstream: "b".repeat(64) };
  const compute = () => ({ meta: { x: 3 }, arrays: { values: Float64Array.of(9) } });
  const first = await SQUARE.run(cache, input, compute);
  const second = await SQUARE.run(cache, input, compute);
  assert.strictEqual(cache.computed, 1);
  assert.strictEqual(first.hit, false);
  assert.strictEqual(second.hit, true);
  assert.strictEqual(second.key, first.key);
  assert.deepStrictEqual(second.meta, { x: 3 });
  assert.deepStrictEqual(second.arrays.values, Float64Array.of(9));
});

Deno.test("an entry that does not hold what the stage stores is named, not cast", async () => {
  const cache = memoryCache();
  const input = { x: 5, upstream: "b".repeat(64) };
  const key = await SQUARE.key(input);
  cache.entries.set(key, { meta: { x: "five" }, arrays: { values: Float64Array.of(25) } });
  await assertUserError(
    () =>
      SQUARE.run(cache, input, () => ({ meta: { x: 5 }, arrays: { values: new Float64Array() } })),
    `cache entry ${
      key.slice(0, 12)
    } of stage "square" does not hold what the stage stores (meta x: Invalid input: expected number, received string); delete it (rm -r the entry, see \`deno task cache ls\`) and run again.`,
  );
  cache.entries.set(key, { meta: { x: 5 }, arrays: { values: Int32Array.of(25) } });
  await assertUserError(
    () =>
      SQUARE.run(cache, input, () => ({ meta: { x: 5 }, arrays: { values: new Float64Array() } })),
    `cache entry ${
      key.slice(0, 12)
    } of stage "square" does not hold what the stage stores (array "values" missing); delete it (rm -r the entry, see \`deno task cache ls\`) and run again.`,
  );
});
