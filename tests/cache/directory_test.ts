/**
 * The store makes each entry directory once per process; one removed since (cache clear, gc)
 * is made again, so the next write still lands.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { openCache } from "../../lib/cache/store.ts";
import type { StageSpec } from "../../lib/cache/types.ts";

const spec = (i: number): StageSpec => ({
  stage: "solve",
  version: 1,
  params: { i },
  upstream: {},
});
const artifact = (i: number) => ({ meta: { i }, arrays: { v: Float64Array.of(i) } });

Deno.test("a write after its entry directory was removed makes it again", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = await openCache(dir, { durable: false });
    const first = await cache.getOrCompute(spec(1), () => Promise.resolve(artifact(1)));
    // Find a second spec whose entry shares the first one's directory (same key prefix).
    let other = 2;
    while (dirname(cache.path(await cache.key(spec(other)))) !== dirname(cache.path(first.key))) {
      other++;
    }
    await Deno.remove(dirname(cache.path(first.key)), { recursive: true });
    const second = await cache.getOrCompute(spec(other), () => Promise.resolve(artifact(other)));
    assert.equal(second.hit, false);
    const reread = await (await openCache(dir)).read(second.key);
    assert.deepEqual(reread?.meta, { i: other });
    assert.deepEqual(Array.from(reread!.arrays.v as Float64Array), [other]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
