import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { stageKey } from "../../lib/cache/canonical.ts";
import { listEntries, verifyCache } from "../../lib/cache/inspect.ts";
import { scanCacheFiles } from "../../lib/cache/layout.ts";
import { openCache } from "../../lib/cache/store.ts";
import { writerArtifact, writerSpec } from "./concurrent_writer.ts";

const SCRIPT = fileURLToPath(new URL("./concurrent_writer.ts", import.meta.url));
const COUNT = 120;

Deno.test("two processes writing one cache directory both finish and leave no corrupt entry", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const run = (writer: number) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", SCRIPT, dir, String(writer), String(COUNT)],
      stdout: "piped",
      stderr: "piped",
    }).output();
  const outputs = await Promise.all([run(1), run(2)]);
  for (const out of outputs) {
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const stats = JSON.parse(new TextDecoder().decode(out.stdout));
    // Every lookup was answered, by a hit or a computation.
    const total = Object.values(stats as Record<string, { hits: number; misses: number }>)
      .reduce((sum, s) => sum + s.hits + s.misses, 0);
    assert.equal(total, COUNT);
    assert.equal(stats.own.misses, COUNT / 2);
  }
  const report = await verifyCache(dir);
  assert.deepEqual(report.bad, []);
  // Shared keys once, each writer's own keys once per writer.
  assert.equal(report.checked, COUNT / 2 + 2 * (COUNT / 2));
  assert.deepEqual((await scanCacheFiles(dir)).filter((f) => f.kind === "temp"), []);
  // Every entry holds exactly what its spec computes.
  const cache = await openCache(dir);
  for (const writer of [1, 2]) {
    for (let i = 0; i < COUNT; i++) {
      const got = await cache.read(await stageKey(writerSpec(i, writer)));
      const want = writerArtifact(i, writer);
      assert.deepEqual(got?.meta, want.meta);
      assert.deepEqual(got?.arrays.values, want.arrays.values);
    }
  }
  assert.equal((await listEntries(dir)).length, report.checked);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a writer killed mid-sweep leaves no readable half entry; the re-run does only the missing work", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const count = 60;
  const scale = 8; // entries up to 1.5 MiB, so the kill likely lands inside a write
  const gate = 5;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", SCRIPT, dir, "1", String(count), String(scale), String(gate)],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  // "ready": `gate` entries are in place and the writer goes on writing; it holds before its
  // last entry until stdin gets a line, which it never does. The kill lands in a later write
  // (or at that hold), never after the last entry.
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("ready\n")) {
    const { value, done } = await lines.read();
    assert.ok(!done, "the writer ended before it was ready");
    seen += value;
  }
  child.kill("SIGKILL");
  await child.status;
  await lines.cancel();
  await child.stdin.close().catch(() => {}); // the pipe of a killed process may be gone
  const before = await verifyCache(dir);
  assert.deepEqual(before.bad, []);
  assert.ok(before.checked >= gate && before.checked < count, `${before.checked} entries`);
  // The re-run computes exactly the entries that are missing, and reads the rest.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", SCRIPT, dir, "1", String(count), String(scale)],
    stdout: "piped",
  }).output();
  assert.equal(out.code, 0);
  const stats = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(stats.shared.misses + stats.own.misses, count - before.checked);
  assert.equal(stats.shared.hits + stats.own.hits, before.checked);
  const after = await verifyCache(dir);
  assert.deepEqual(after, { checked: count, bad: [], removed: 0 });
  await Deno.remove(dir, { recursive: true });
});
