import assert from "node:assert/strict";
import { subsamplePerClass } from "../../lib/datasets/subsample.ts";
import type { ImageSet } from "../../lib/datasets/types.ts";

/** 100 one-pixel images: pixel i, label i % 4 (classes of 25). */
function toySet(): ImageSet {
  return {
    count: 100,
    channels: 1,
    height: 1,
    width: 1,
    maxValue: 255,
    pixels: Uint8Array.from({ length: 100 }, (_, i) => i),
    labels: Uint16Array.from({ length: 100 }, (_, i) => i % 4),
  };
}

Deno.test("subsample: at most N per class, original order kept, pixels follow labels", () => {
  const s = subsamplePerClass(toySet(), 4, 3, 0);
  assert.equal(s.count, 12);
  const perClass = [0, 0, 0, 0];
  for (const label of s.labels) perClass[label]++;
  assert.deepEqual(perClass, [3, 3, 3, 3]);
  const ids = Array.from(s.pixels);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  ids.forEach((id, k) => assert.equal(id % 4, s.labels[k]));
});

Deno.test("subsample: deterministic per seed, different across seeds, small classes kept whole", () => {
  const a = subsamplePerClass(toySet(), 4, 5, 11);
  const b = subsamplePerClass(toySet(), 4, 5, 11);
  const c = subsamplePerClass(toySet(), 4, 5, 12);
  assert.deepEqual(a.pixels, b.pixels);
  assert.notDeepEqual(a.pixels, c.pixels);
  assert.equal(subsamplePerClass(toySet(), 4, 30, 0).count, 100);
});
