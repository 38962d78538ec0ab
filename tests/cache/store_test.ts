import assert from "node:assert/strict";
import { join } from "node:path";
import { stageKey } from "../../lib/cache/canonical.ts";
import { encodeEntry, PREFIX_BYTES } from "../../lib/cache/entry_format.ts";
import { verifyCache } from "../../lib/cache/inspect.ts";
import { entryPath, tempPath } from "../../lib/cache/layout.ts";
import { type CacheEvent, openCache } from "../../lib/cache/store.ts";
import type { Artifact, StageSpec } from "../../lib/cache/types.ts";
import { userError, userErrorStarting } from "./user_error.ts";

function spec(seed: number, stage = "features"): StageSpec {
  return { stage, version: 1, params: { seed, filters: 4 }, upstream: {} };
}

function artifact(seed: number): Artifact {
  const w = new Float64Array(7).map((_, i) => seed * 1000 + i + 0.25);
  return {
    meta: { seed, rows: 7, note: "π" },
    arrays: {
      w,
      f32: Float32Array.of(1.5, -2, seed),
      i32: Int32Array.of(-7, seed),
      u32: Uint32Array.of(4294967295),
      u16: Uint16Array.of(65535, seed),
      u8: Uint8Array.of(1, 2, 3),
      empty: new Float64Array(0),
    },
  };
}

/** A cache in a fresh temp dir, plus a record of its events and a counting compute. */
async function fixture() {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const events: CacheEvent[] = [];
  const cache = await openCache(dir, { onEvent: (e) => events.push(e), durable: false });
  let computed = 0;
  const compute = (seed: number) => () => {
    computed++;
    return Promise.resolve(artifact(seed));
  };
  return { dir, events, cache, compute, computed: () => computed };
}

function assertArtifact(actual: Artifact, seed: number): void {
  const expected = artifact(seed);
  assert.deepEqual(actual.meta, expected.meta);
  assert.deepEqual(Object.keys(actual.arrays).sort(), Object.keys(expected.arrays).sort());
  for (const [name, array] of Object.entries(expected.arrays)) {
    assert.equal(actual.arrays[name].constructor, array.constructor, name);
    assert.deepEqual([...actual.arrays[name]], [...array], name);
  }
}

Deno.test("store: a miss computes and stores, the next lookup hits without computing", async () => {
  const f = await fixture();
  const first = await f.cache.getOrCompute(spec(1), f.compute(1));
  assert.equal(first.hit, false);
  assert.equal(first.key, await stageKey(spec(1)));
  assert.equal(f.computed(), 1);
  // A second store on the same directory (a re-run) hits.
  const again = await openCache(f.dir);
  const second = await again.getOrCompute(spec(1), f.compute(1));
  assert.equal(second.hit, true);
  assert.equal(f.computed(), 1);
  assertArtifact(second.artifact, 1);
  assert.deepEqual(again.stats(), { features: { hits: 1, misses: 0 } });
  assert.deepEqual(f.cache.stats(), { features: { hits: 0, misses: 1 } });
  assert.deepEqual(f.events.map((e) => e.kind), ["miss", "store"]);
  await Deno.remove(f.dir, { recursive: true });
});

Deno.test("store: stats count hits and misses per stage", async () => {
  const f = await fixture();
  await f.cache.getOrCompute(spec(1), f.compute(1));
  await f.cache.getOrCompute(spec(1), f.compute(1));
  await f.cache.getOrCompute(spec(2), f.compute(2));
  await f.cache.getOrCompute(spec(1, "gram"), f.compute(1));
  assert.deepEqual(f.cache.stats(), {
    features: { hits: 1, misses: 2 },
    gram: { hits: 0, misses: 1 },
  });
  await Deno.remove(f.dir, { recursive: true });
});

Deno.test("store: concurrent lookups of one key in one process compute once", async () => {
  const f = await fixture();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const computing = new Promise<void>((resolve) => (started = resolve));
  let calls = 0;
  const slow = async () => {
    calls++;
    started();
    await gate;
    return artifact(5);
  };
  // All eight lookups start before any key hash resolves; the computation is held until the
  // test has seen it start, so the others find it in flight (or, if later, its entry on disk).
  const all = Promise.all(Array.from({ length: 8 }, () => f.cache.getOrCompute(spec(5), slow)));
  await computing;
  release();
  const results = await all;
  assert.equal(calls, 1);
  // Exactly one caller computed (which one depends on when its key hash resolved).
  assert.equal(results.filter((r) => !r.hit).length, 1);
  for (const r of results) assertArtifact(r.artifact, 5);
  assert.deepEqual(f.cache.stats(), { features: { hits: 7, misses: 1 } });
  await Deno.remove(f.dir, { recursive: true });
});

Deno.test("store: a failed computation stores nothing and is retried next time", async () => {
  const f = await fixture();
  await assert.rejects(
    () => f.cache.getOrCompute(spec(1), () => Promise.reject(new Error("boom"))),
    { message: "boom" },
  );
  assert.equal(await f.cache.read(await stageKey(spec(1))), undefined);
  const r = await f.cache.getOrCompute(spec(1), f.compute(1));
  assert.equal(r.hit, false);
  assert.equal(f.computed(), 1);
  await Deno.remove(f.dir, { recursive: true });
});

Deno.test("store: a temp file left by a killed writer is never read", async () => {
  const f = await fixture();
  const key = await stageKey(spec(3));
  // A crash after writing part of a (different) artifact: the temp file holds a valid prefix.
  const bytes = await encodeEntry(key, spec(3), artifact(99));
  const temp = tempPath(f.dir, key);
  await Deno.mkdir(join(f.dir, key.slice(0, 2)), { recursive: true });
  await Deno.writeFile(temp, bytes.subarray(0, bytes.length - 8));
  // Even a complete temp file is not an entry until renamed.
  await Deno.writeFile(tempPath(f.dir, key), bytes);
  const r = await f.cache.getOrCompute(spec(3), f.compute(3));
  assert.equal(r.hit, false);
  assert.equal(f.computed(), 1);
  assertArtifact(r.artifact, 3);
  assertArtifact((await f.cache.read(key))!, 3);
  assert.deepEqual(f.events.map((e) => e.kind), ["miss", "store"]);
  await Deno.remove(f.dir, { recursive: true });
});

/** Damages the stored entry of spec(7) and checks it is reported, removed and recomputed. */
async function assertRecovers(
  damage: (bytes: Uint8Array) => Uint8Array,
  reason: RegExp,
): Promise<void> {
  const f = await fixture();
  const { key } = await f.cache.getOrCompute(spec(7), f.compute(7));
  const path = entryPath(f.dir, key);
  await Deno.writeFile(path, damage(await Deno.readFile(path)));
  f.events.length = 0;
  const again = await f.cache.getOrCompute(spec(7), f.compute(7));
  assert.equal(again.hit, false);
  assert.equal(f.computed(), 2);
  assertArtifact(again.artifact, 7);
  const corrupt = f.events.filter((e) => e.kind === "corrupt");
  assert.equal(corrupt.length, 1);
  assert.equal(corrupt[0].key, key);
  assert.equal((corrupt[0] as { path: string }).path, path);
  assert.match((corrupt[0] as { reason: string }).reason, reason);
  assert.deepEqual(f.events.map((e) => e.kind), ["corrupt", "miss", "store"]);
  // The recomputed entry is valid and serves the next lookup.
  assert.deepEqual((await verifyCache(f.dir)).bad, []);
  assert.equal((await f.cache.getOrCompute(spec(7), f.compute(7))).hit, true);
  await Deno.remove(f.dir, { recursive: true });
}

Deno.test("store: a flipped payload byte is detected and recomputed", async () => {
  await assertRecovers((b) => {
    b[b.length - 20] ^= 0x01;
    return b;
  }, /^content hash mismatch: stored [0-9a-f]{12}\.\.\., computed [0-9a-f]{12}\.\.\.$/);
});

Deno.test("store: a flipped header byte is detected and recomputed", async () => {
  await assertRecovers((b) => {
    // A digit inside the meta JSON: still valid JSON, so only the hash can tell.
    const text = new TextDecoder("latin1").decode(b); // one char per byte
    const at = text.indexOf('"seed":7') + 7;
    b[at] = "8".charCodeAt(0);
    return b;
  }, /^content hash mismatch/);
});

Deno.test("store: a truncated entry is detected and recomputed", async () => {
  await assertRecovers(
    (b) => b.subarray(0, b.length - 5),
    /^truncated: expected \d+ bytes, the file has \d+$/,
  );
  await assertRecovers(
    (b) => b.subarray(0, 20),
    /^truncated: 20 bytes, shorter than the 48-byte prefix$/,
  );
  await assertRecovers((b) => b.subarray(0, 0), /^truncated: 0 bytes/);
});

Deno.test("store: a garbage header is detected and recomputed", async () => {
  await assertRecovers((b) => {
    b.fill(0x7b, PREFIX_BYTES, PREFIX_BYTES + 10); // "{{{{{{{{{{"
    return b;
  }, /^garbage header: the header is not valid UTF-8 JSON$/);
  await assertRecovers((b) => {
    b.set(new TextEncoder().encode("NOTANART"), 0);
    return b;
  }, /^bad magic: the file does not start with "QCNN-ART"$/);
  await assertRecovers((b) => {
    new DataView(b.buffer).setUint32(12, 0xffffff, true);
    return b;
  }, /^truncated: the header needs \d+ bytes, the file has \d+$/);
});

Deno.test("store: an entry holding another key is treated as corrupt", async () => {
  // A valid entry of another key copied into place: the hash passes, the key does not.
  const f = await fixture();
  const { key } = await f.cache.getOrCompute(spec(7), f.compute(7));
  const other = await f.cache.getOrCompute(spec(8), f.compute(8));
  await Deno.copyFile(entryPath(f.dir, other.key), entryPath(f.dir, key));
  const again = await f.cache.getOrCompute(spec(7), f.compute(7));
  assert.equal(again.hit, false);
  assertArtifact(again.artifact, 7);
  const corrupt = f.events.find((e) => e.kind === "corrupt") as { reason: string };
  assert.equal(corrupt.reason, `the entry holds key ${other.key}, not ${key}`);
  await Deno.remove(f.dir, { recursive: true });
});

Deno.test("store: meta that JSON cannot hold is a clear error, and nothing is stored", async () => {
  const f = await fixture();
  await assert.rejects(
    () =>
      f.cache.getOrCompute(
        spec(1),
        () => Promise.resolve({ meta: { loss: NaN }, arrays: {} }),
      ),
    userError(
      'Stage "features" artifact meta.loss is NaN, which JSON cannot hold: use a finite number (or null) there.',
    ),
  );
  assert.deepEqual((await verifyCache(f.dir)).checked, 0);
  await Deno.remove(f.dir, { recursive: true });
});

Deno.test("store: an unusable cache directory is a clear error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const file = join(dir, "plain-file");
  await Deno.writeTextFile(file, "x");
  await assert.rejects(
    () => openCache(join(file, "cache")),
    userErrorStarting(`Cannot create the cache directory "${join(file, "cache")}" (`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("store: a hit marks the entry used (its mtime), for least-recently-used gc", async () => {
  const f = await fixture();
  const { key } = await f.cache.getOrCompute(spec(1), f.compute(1));
  const path = entryPath(f.dir, key);
  const old = new Date("2020-01-01T00:00:00Z");
  await Deno.utime(path, old, old);
  const reader = await openCache(f.dir);
  assert.equal((await reader.getOrCompute(spec(1), f.compute(1))).hit, true);
  const mtime = (await Deno.stat(path)).mtime!.getTime();
  assert.ok(Date.now() - mtime < 60_000, `mtime ${new Date(mtime).toISOString()} not refreshed`);
  await Deno.remove(f.dir, { recursive: true });
});
