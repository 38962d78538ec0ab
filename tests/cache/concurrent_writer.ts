/**
 * Helper process for concurrent_test.ts (not a test itself): writes many entries into one
 * cache directory, half of them keys every writer shares, and prints its stats as JSON.
 *
 *   deno run -A tests/cache/concurrent_writer.ts DIR WRITER COUNT [SCALE [GATE]]
 *
 * SCALE multiplies entry sizes (default 1: up to 192 KiB), so a test can make writes slow
 * enough to kill the process in the middle of one. With SCALE the lookups run one at a time.
 * With GATE, the writer prints "ready" once GATE entries are in place, goes on writing, and
 * before the last entry waits for a line on stdin: a test that kills it after "ready" knows it
 * had written at least GATE entries and had not finished.
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

/** Artifact of entry i: a deterministic function of its spec, up to SCALE x 192 KiB. */
export function writerArtifact(i: number, writer: number, scale = 1): Artifact {
  const tag = i % 2 === 0 ? i : i * 1000 + writer;
  const values = new Float64Array(1 + (i % 7) * 4096 * scale).map((_, j) => tag + j / 8);
  return { meta: { tag }, arrays: { values } };
}

if (import.meta.main) {
  const [dir, writerText, countText, scaleText, gateText] = Deno.args;
  const gate = gateText === undefined ? undefined : Number(gateText);
  const writer = Number(writerText);
  const count = Number(countText);
  const scale = Number(scaleText ?? 1);
  const cache = await openCache(dir);
  const lookup = (i: number) =>
    cache.getOrCompute(
      writerSpec(i, writer),
      () => Promise.resolve(writerArtifact(i, writer, scale)),
    );
  if (scaleText === undefined) {
    // All at once, in shuffled order, so two processes race on the same keys.
    const order = Array.from({ length: count }, (_, i) => (i * 37 + writer * 11) % count);
    await Promise.all(order.map(lookup));
  } else {
    for (let i = 0; i < count; i++) {
      if (i === gate) console.log("ready");
      if (gate !== undefined && i === count - 1) await waitForLine();
      await lookup(i);
    }
  }
  console.log(JSON.stringify(cache.stats()));
}

/** Resolves when a line (or end of input) arrives on stdin. */
async function waitForLine(): Promise<void> {
  const reader = Deno.stdin.readable.getReader();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done || value.includes(10)) return;
    }
  } finally {
    reader.releaseLock();
  }
}
