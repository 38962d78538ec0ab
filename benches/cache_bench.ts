/**
 * Cache read and write costs: hit latency of a 1 MB and a 10 MB entry, a re-run of a cached
 * sweep of 500 small entries (every lookup a hit, as in `run` on an unchanged pipeline), the
 * key hash, a stored miss (encode + fsync + rename), a small solve entry with and without the
 * fsync, and SHA-256 by Web Crypto against node:crypto.
 *
 *   deno bench -A benches/cache_bench.ts
 */
import { createHash } from "node:crypto";
import { stageKey } from "../lib/cache/canonical.ts";
import { openCache } from "../lib/cache/store.ts";
import type { Artifact, StageSpec } from "../lib/cache/types.ts";

const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-bench-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

const UP = "0".repeat(64);
function spec(stage: string, i: number): StageSpec {
  return {
    stage,
    version: 1,
    params: { seed: i, bits: 10, filters: { count: 4, size: 3 }, policy: "trust" },
    upstream: { features: UP, gram: UP },
  };
}

function floats(bytes: number, seed: number): Artifact {
  const x = new Float64Array(bytes / 8).map((_, j) => seed + j * 1e-3);
  return { meta: { rows: x.length, seed }, arrays: { x } };
}

const noCompute = (): Promise<Artifact> => {
  throw new Error("a hit must not compute");
};

// Populate once: one 1 MB entry, one 10 MB entry, 500 small entries (1 kB .. 8 kB).
const writer = await openCache(dir);
await writer.getOrCompute(spec("gram", 1), () => Promise.resolve(floats(1 << 20, 1)));
await writer.getOrCompute(spec("features", 10), () => Promise.resolve(floats(10 << 20, 10)));
const SMALL = 500;
for (let i = 0; i < SMALL; i++) {
  await writer.getOrCompute(
    spec("qubo", i),
    () => Promise.resolve(floats(1024 * (1 + (i % 8)), i)),
  );
}

Deno.bench("hit: 1 MB entry", { group: "hit" }, async () => {
  const cache = await openCache(dir);
  await cache.getOrCompute(spec("gram", 1), noCompute);
});

Deno.bench("hit: 10 MB entry", { group: "hit" }, async () => {
  const cache = await openCache(dir);
  await cache.getOrCompute(spec("features", 10), noCompute);
});

Deno.bench("re-run of a cached sweep: 500 small entries, sequential", async () => {
  const cache = await openCache(dir);
  for (let i = 0; i < SMALL; i++) await cache.getOrCompute(spec("qubo", i), noCompute);
});

Deno.bench("re-run of a cached sweep: 500 small entries, 16 at a time", async () => {
  const cache = await openCache(dir);
  for (let start = 0; start < SMALL; start += 16) {
    const batch = [];
    for (let i = start; i < Math.min(SMALL, start + 16); i++) {
      batch.push(cache.getOrCompute(spec("qubo", i), noCompute));
    }
    await Promise.all(batch);
  }
});

Deno.bench("stageKey of a typical spec", async () => {
  await stageKey(spec("qubo", 7));
});

let fresh = 0;
const oneMb = floats(1 << 20, 3);
Deno.bench("miss: store a 1 MB entry (encode, fsync, rename)", async () => {
  const cache = await openCache(dir);
  await cache.getOrCompute(spec("store", fresh++), () => Promise.resolve(oneMb));
});

// A local solve's entry (the samples and energies of one read at n = 2,900: 3 kB): stored with
// and without the fsync that local solves and class QUBOs now skip.
const solveEntry: Artifact = {
  meta: { n: 2900, numReads: 1 },
  arrays: { samples: new Uint8Array(2900), energies: new Float64Array(1) },
};
const small = await openCache(dir);
let solves = 0;
Deno.bench(
  "miss: store a 3 kB solve entry with fsync",
  { group: "solve", baseline: true },
  async () => {
    await small.getOrCompute(spec("solve", solves++), () => Promise.resolve(solveEntry));
  },
);
Deno.bench("miss: store a 3 kB solve entry without fsync", { group: "solve" }, async () => {
  await small.getOrCompute(
    spec("solve", solves++),
    () => Promise.resolve(solveEntry),
    { durable: false },
  );
});

// The digest of keys and entries: Web Crypto (before) against node:crypto (now), same bytes.
const keyText = new TextEncoder().encode(JSON.stringify(spec("qubo", 7)));
Deno.bench("SHA-256 of a key's JSON, crypto.subtle", { group: "sha", baseline: true }, async () => {
  await crypto.subtle.digest("SHA-256", keyText);
});
Deno.bench("SHA-256 of a key's JSON, node:crypto", { group: "sha" }, () => {
  createHash("sha256").update(keyText).digest();
});
