/**
 * Helper process for concurrent_test.ts (not a test itself): writes many entries into one
 * cache directory, half of them keys every writer shares, and prints its stats as JSON.
 *
 *   deno run -A tests/cache/concurrent_writer.ts DIR WRITER COUNT
 */
import { openCache } from "../../lib/cache/store.ts";
import type { Artifact, StageSpec } from "../../lib/cache/types.ts";

/** Spec of entry i: even i are shared by every writer, odd i belong to one writer. */
export function writerSpec(i: number, writer: number): StageSpec {
  const shared = i % 2 === 0;
  return {
    stage: shared ? "shared" : "own",
    version: 1,
    params: shared ? { i } : { i, writer },
    upstream: {},
  };
}

/** Artifact of entry i: a deterministic function of its spec, up to 256 KiB. */
export function writerArtifact(i: number, writer: number): Artifact {
  const tag = i % 2 === 0 ? i : i * 1000 + writer;
  const values = new Float64Array(1 + (i % 7) * 4096).map((_, j) => tag + j / 8);
  return { meta: { tag }, arrays: { values } };
}

if (import.meta.main) {
  const [dir, writerText, countText] = Deno.args;
  const writer = Number(writerText);
  const count = Number(countText);
  const cache = await openCache(dir);
  // All at once, in shuffled order, so the two processes race on the same keys.
  const order = Array.from({ length: count }, (_, i) => (i * 37 + writer * 11) % count);
  await Promise.all(
    order.map((i) =>
      cache.getOrCompute(writerSpec(i, writer), () => Promise.resolve(writerArtifact(i, writer)))
    ),
  );
  console.log(JSON.stringify(cache.stats()));
}
