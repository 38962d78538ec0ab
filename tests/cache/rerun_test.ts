import assert from "node:assert/strict";
import { openCache } from "../../lib/cache/store.ts";
import type { ArtifactCache } from "../../lib/cache/types.ts";
import { declaredParams } from "../../lib/cache/canonical.ts";

/**
 * A miniature sweep shaped like the real one: per (seed, bits) cell, features(seed) ->
 * gram(features) -> qubo[c](gram, bits) for 4 classes. Counts the stage work done; `stopAfter`
 * makes the n-th computation fail, like a sweep killed part way.
 */
async function sweep(cache: ArtifactCache, work: Map<string, number>, stopAfter = Infinity) {
  let done = 0;
  const compute = (stage: string, value: number) => () => {
    if (done >= stopAfter) return Promise.reject(new Error("killed"));
    done++;
    work.set(stage, (work.get(stage) ?? 0) + 1);
    return Promise.resolve({ meta: { value }, arrays: { x: Float64Array.of(value) } });
  };
  for (const seed of [1, 2, 3]) {
    for (const bits of [5, 10, 15]) {
      const cell = { seed, bits, label: `seed=${seed}/K=${bits}`, filters: 4 };
      const features = await cache.getOrCompute({
        stage: "features",
        version: 1,
        params: declaredParams(cell, ["seed", "filters"]),
        upstream: {},
      }, compute("features", seed));
      const gram = await cache.getOrCompute({
        stage: "gram",
        version: 1,
        params: {},
        upstream: { features: features.key },
      }, compute("gram", seed));
      // Parallel per-class solves, as the runner does them.
      await Promise.all([0, 1, 2, 3].map((c) =>
        cache.getOrCompute({
          stage: "qubo",
          version: 1,
          params: { ...declaredParams(cell, ["bits"]), classIndex: c },
          upstream: { gram: gram.key },
        }, compute("qubo", bits * 10 + c))
      ));
    }
  }
}

Deno.test("a re-run of an unchanged sweep does no stage work", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const first = new Map<string, number>();
  const cache = await openCache(dir, { durable: false });
  await sweep(cache, first);
  // Features and gram are shared by the cells of one seed: 3 each; 9 cells x 4 class QUBOs.
  assert.deepEqual(Object.fromEntries(first), { features: 3, gram: 3, qubo: 36 });
  const again = new Map<string, number>();
  const rerun = await openCache(dir, { durable: false });
  await sweep(rerun, again);
  assert.deepEqual(Object.fromEntries(again), {});
  assert.deepEqual(rerun.stats(), {
    features: { hits: 9, misses: 0 },
    gram: { hits: 9, misses: 0 },
    qubo: { hits: 36, misses: 0 },
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a sweep stopped part way resumes with only the missing work", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const partial = new Map<string, number>();
  await assert.rejects(
    async () => sweep(await openCache(dir, { durable: false }), partial, 20),
    { message: "killed" },
  );
  const doneBefore = [...partial.values()].reduce((a, b) => a + b, 0);
  assert.equal(doneBefore, 20);
  const rest = new Map<string, number>();
  await sweep(await openCache(dir, { durable: false }), rest);
  assert.equal([...rest.values()].reduce((a, b) => a + b, 0), 42 - doneBefore);
  await Deno.remove(dir, { recursive: true });
});
