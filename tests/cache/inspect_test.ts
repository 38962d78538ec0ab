import assert from "node:assert/strict";
import { join } from "node:path";
import { gcCache, listEntries, resolveKeyPrefix, verifyCache } from "../../lib/cache/inspect.ts";
import { entryPath, tempPath } from "../../lib/cache/layout.ts";
import { openCache } from "../../lib/cache/store.ts";
import type { StageSpec } from "../../lib/cache/types.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-03-10T00:00:00Z");

function spec(i: number, stage = "gram"): StageSpec {
  return { stage, version: 2, params: { i }, upstream: {} };
}

/** A cache with entries of 1, 2, 3 KiB payloads last used 1, 5 and 10 days before NOW. */
async function fixture() {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const cache = await openCache(dir, { durable: false });
  const keys: string[] = [];
  for (const [i, daysAgo] of [[1, 1], [2, 5], [3, 10]]) {
    const { key } = await cache.getOrCompute(
      spec(i, i === 3 ? "qubo" : "gram"),
      () => Promise.resolve({ meta: { i }, arrays: { x: new Float64Array(128 * i) } }),
    );
    const used = new Date(NOW.getTime() - daysAgo * DAY);
    await Deno.utime(entryPath(dir, key), used, used);
    keys.push(key);
  }
  return { dir, keys };
}

Deno.test("listEntries: stage, version, size, created and last used of every entry", async () => {
  const { dir, keys } = await fixture();
  const listed = await listEntries(dir);
  const byKey = new Map(listed.map((e) => [e.key, e]));
  const entries = keys.map((k) => byKey.get(k)!);
  assert.equal(listed.length, 3);
  assert.deepEqual(entries.map((e) => [e.stage, e.version]), [["gram", 2], ["gram", 2], [
    "qubo",
    2,
  ]]);
  for (const [i, e] of entries.entries()) {
    assert.equal(e.bytes, (await Deno.stat(e.path)).size);
    assert.equal(e.lastUsed.getTime(), NOW.getTime() - [1, 5, 10][i] * DAY);
    assert.ok(Math.abs(e.created.getTime() - Date.now()) < 60_000);
    assert.equal(e.problem, undefined);
  }
  // Payloads of 1, 2 and 3 KiB: sizes grow by exactly 1 KiB (headers differ by one digit).
  assert.equal(entries[1].bytes - entries[0].bytes, 1024);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("listEntries: an unreadable header is listed with its problem; temps are not listed", async () => {
  const { dir, keys } = await fixture();
  await Deno.writeFile(entryPath(dir, keys[1]), new TextEncoder().encode("garbage"));
  await Deno.writeFile(tempPath(dir, keys[0]), new Uint8Array(10));
  await Deno.writeTextFile(join(dir, "README"), "not an entry");
  const entries = await listEntries(dir);
  assert.equal(entries.length, 3);
  const bad = entries.find((e) => e.key === keys[1])!;
  assert.equal(bad.stage, "?");
  assert.equal(bad.problem, "truncated: 7 bytes, shorter than the 48-byte prefix");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("verifyCache: reports every bad entry and removes them on request", async () => {
  const { dir, keys } = await fixture();
  const path = entryPath(dir, keys[2]);
  const bytes = await Deno.readFile(path);
  bytes[bytes.length - 1] ^= 0xff;
  await Deno.writeFile(path, bytes);
  const report = await verifyCache(dir);
  assert.equal(report.checked, 3);
  assert.equal(report.removed, 0);
  assert.equal(report.bad.length, 1);
  assert.equal(report.bad[0].key, keys[2]);
  assert.match(report.bad[0].reason, /^content hash mismatch/);
  const progress: number[] = [];
  const fixed = await verifyCache(dir, { remove: true, onProgress: (p) => progress.push(p.done) });
  assert.equal(fixed.removed, 1);
  assert.deepEqual(progress, [1, 2, 3]);
  assert.deepEqual(await verifyCache(dir), { checked: 2, bad: [], removed: 0 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("gcCache by age removes entries unused for longer than the limit", async () => {
  const { dir, keys } = await fixture();
  const report = await gcCache(dir, { olderThan: 7 * DAY, now: NOW });
  assert.deepEqual(report.removed.map((e) => e.key), [keys[2]]);
  assert.equal(report.keptEntries, 2);
  assert.deepEqual((await listEntries(dir)).map((e) => e.key).sort(), [keys[0], keys[1]].sort());
  await Deno.remove(dir, { recursive: true });
});

Deno.test("gcCache by size removes least recently used entries first", async () => {
  const { dir, keys } = await fixture();
  const listed = await listEntries(dir);
  const sizes = keys.map((k) => listed.find((e) => e.key === k)!.bytes);
  // Room for the two most recently used entries only.
  const report = await gcCache(dir, { maxBytes: sizes[0] + sizes[1], now: NOW });
  assert.deepEqual(report.removed.map((e) => e.key), [keys[2]]);
  assert.equal(report.keptBytes, sizes[0] + sizes[1]);
  // One byte less: the next least recently used (5 days) goes too.
  const more = await gcCache(dir, { maxBytes: sizes[0] + sizes[1] - 1, now: NOW });
  assert.deepEqual(more.removed.map((e) => e.key), [keys[1]]);
  assert.deepEqual((await listEntries(dir)).map((e) => e.key), [keys[0]]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("gcCache: dry run removes nothing; stale temp files go, fresh ones stay", async () => {
  const { dir, keys } = await fixture();
  const dry = await gcCache(dir, { maxBytes: 0, now: NOW, dryRun: true });
  assert.equal(dry.removed.length, 3);
  assert.equal((await listEntries(dir)).length, 3);
  const stale = tempPath(dir, keys[0]);
  const fresh = tempPath(dir, keys[1]);
  await Deno.writeFile(stale, new Uint8Array(4));
  await Deno.writeFile(fresh, new Uint8Array(4));
  const old = new Date(NOW.getTime() - 2 * 3_600_000);
  await Deno.utime(stale, old, old);
  await Deno.utime(fresh, NOW, NOW);
  const report = await gcCache(dir, { now: NOW });
  assert.equal(report.removedTemps, 1);
  assert.equal(report.removed.length, 0);
  await assert.rejects(() => Deno.stat(stale), Deno.errors.NotFound);
  await Deno.stat(fresh);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resolveKeyPrefix finds the one key with a prefix, or the candidates", async () => {
  const { dir, keys } = await fixture();
  assert.equal(await resolveKeyPrefix(dir, keys[0].slice(0, 12)), keys[0]);
  assert.equal(await resolveKeyPrefix(dir, keys[0].slice(0, 12).toUpperCase()), keys[0]);
  assert.deepEqual(await resolveKeyPrefix(dir, "zz"), []);
  assert.deepEqual(((await resolveKeyPrefix(dir, "")) as string[]).sort(), [...keys].sort());
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a missing cache directory is an empty cache", async () => {
  const parent = await Deno.makeTempDir();
  const dir = join(parent, "absent");
  assert.deepEqual(await listEntries(dir), []);
  assert.deepEqual(await verifyCache(dir), { checked: 0, bad: [], removed: 0 });
  assert.equal((await gcCache(dir, { maxBytes: 0 })).removed.length, 0);
  await Deno.remove(parent, { recursive: true });
});
