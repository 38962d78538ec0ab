/**
 * Cache commands on the sharp edges (issues 14 and 15): `cache ls` summarises by default and
 * filters by stage; a directory where an entry belongs is reported by verify, removed by gc and
 * recomputed by a run; a cache path that does not exist or is a file is one sentence; sizes and
 * durations need units.
 */
import assert from "node:assert/strict";
import { Command } from "commander";
import { registerCacheCommand } from "../../cli/cache.ts";
import { listEntries } from "../../lib/cache/inspect.ts";
import { entryPath } from "../../lib/cache/layout.ts";
import { type CacheEvent, openCache } from "../../lib/cache/store.ts";
import { formatBytes } from "../../lib/format_bytes.ts";
import { userError } from "./user_error.ts";

const NOW = new Date("2026-03-10T12:00:00Z");

async function fixture() {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const cache = await openCache(dir, { durable: false });
  const keys: string[] = [];
  for (const [stage, i] of [["gram", 1], ["gram", 2], ["qubo", 3]] as const) {
    const { key } = await cache.getOrCompute(
      { stage, version: 1, params: { i }, upstream: {} },
      () => Promise.resolve({ meta: { i }, arrays: { x: new Uint8Array(1000 * i) } }),
    );
    keys.push(key);
  }
  return { dir, keys };
}

async function run(args: string[], cacheDir: string) {
  const lines: string[] = [];
  const codes: number[] = [];
  const program = new Command().exitOverride();
  registerCacheCommand(program, {
    cacheDir,
    out: (line) => lines.push(line),
    now: () => NOW,
    setExitCode: (code) => codes.push(code),
  });
  await program.parseAsync(args, { from: "user" });
  return { lines, codes };
}

Deno.test("cache ls summarises per stage by default and filters by --stage", async () => {
  const { dir, keys } = await fixture();
  const sizes = new Map((await listEntries(dir)).map((e) => [e.key, e.bytes]));
  const gram = sizes.get(keys[0])! + sizes.get(keys[1])!;
  const qubo = sizes.get(keys[2])!;
  const { lines } = await run(["cache", "ls"], dir);
  assert.deepEqual(lines.map((l) => l.split(/\s{2,}/)), [
    ["STAGE", "ENTRIES", "SIZE"],
    ["─────", "───────", "──────"],
    ["gram", "2", formatBytes(gram)],
    ["qubo", "1", formatBytes(qubo)],
    ["total", "3", formatBytes(gram + qubo)],
    [""],
    [`cache directory: ${dir}`],
    ["every entry: cache ls --entries (one stage: --stage NAME)"],
  ]);
  const only = await run(["cache", "ls", "--stage", "qubo", "--entries"], dir);
  assert.equal(only.lines.filter((l) => l.startsWith("qubo ")).length, 2); // entry + total
  assert.ok(only.lines.some((l) => l.includes(keys[2].slice(0, 12))));
  assert.ok(!only.lines.some((l) => l.includes(keys[0].slice(0, 12))));
  await assert.rejects(
    () => run(["cache", "ls", "--stage", "features"], dir),
    userError(`No entries of stage "features" in cache ${dir}; its stages are gram, qubo.`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a directory where an entry belongs: verify reports it, gc removes it, a run recomputes", async () => {
  const { dir, keys } = await fixture();
  const path = entryPath(dir, keys[1]);
  await Deno.remove(path);
  await Deno.mkdir(`${path}/inside`, { recursive: true });
  const verify = await run(["cache", "verify"], dir);
  assert.deepEqual(verify.lines, [
    `bad ${keys[1].slice(0, 12)}: is a directory, not an entry file`,
    `checked 3 entries in ${dir}: 1 bad; remove them with: cache verify --delete`,
  ]);
  assert.deepEqual(verify.codes, [1]);
  const ls = await run(["cache", "ls"], dir);
  assert.ok(
    ls.lines.includes(`corrupt ${keys[1].slice(0, 12)}: is a directory, not an entry file`),
  );
  // gc removes it whatever its age.
  const gc = await run(["cache", "gc", "--older-than", "1000d"], dir);
  assert.match(gc.lines.at(-1)!, /^removed 1 entries .* kept 2 entries/);
  await assert.rejects(() => Deno.stat(path), Deno.errors.NotFound);
  // A run meeting one recomputes the entry instead of failing.
  await Deno.mkdir(path);
  const events: CacheEvent[] = [];
  const cache = await openCache(dir, { durable: false, onEvent: (e) => events.push(e) });
  const again = await cache.getOrCompute(
    { stage: "gram", version: 1, params: { i: 2 }, upstream: {} },
    () => Promise.resolve({ meta: { i: 2 }, arrays: { x: new Uint8Array(2000) } }),
  );
  assert.equal(again.hit, false);
  assert.ok(events.some((e) => e.kind === "corrupt"));
  assert.ok((await Deno.stat(path)).isFile);
  assert.equal(
    (await run(["cache", "verify"], dir)).lines.at(-1),
    `checked 3 entries in ${dir}: all good`,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cache commands on a missing directory or a file are one clear sentence", async () => {
  const root = await Deno.makeTempDir();
  const missing = `${root}/nope`;
  for (const command of [["verify"], ["ls"], ["gc", "--older-than", "7d"]]) {
    await assert.rejects(
      () => run(["cache", ...command, "--cache-dir", missing], root),
      userError(
        `Cache directory ${missing} does not exist; check --cache-dir (runs create the cache, default .cache).`,
      ),
    );
  }
  const file = `${root}/file`;
  await Deno.writeTextFile(file, "x");
  for (const command of [["verify"], ["ls"], ["gc", "--max-size", "1GB"]]) {
    await assert.rejects(
      () => run(["cache", ...command, "--cache-dir", file], root),
      userError(
        `Cache directory ${file} is a file, not a directory; give --cache-dir the cache's directory (default .cache).`,
      ),
    );
  }
  await assert.rejects(
    () => run(["cache", "gc", "--max-size", "2", "--cache-dir", root], root),
    userError(
      '--max-size "2" has no unit: write 2B for bytes, or a unit kB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 2GB.',
    ),
  );
  await assert.rejects(
    () => run(["cache", "gc", "--older-than", "7", "--cache-dir", root], root),
    userError(
      '--older-than "7" is not a duration: write a number and a unit ms, s, m, h, d or w, e.g. 7d.',
    ),
  );
  await Deno.remove(root, { recursive: true });
});
