import assert from "node:assert/strict";
import { Command } from "commander";
import { registerCacheCommand } from "../../cli/cache.ts";
import { listEntries } from "../../lib/cache/inspect.ts";
import { entryPath } from "../../lib/cache/layout.ts";
import { openCache } from "../../lib/cache/store.ts";
import { formatAge, parseDuration, parseSize } from "../../lib/cache/units.ts";
import { formatBytes } from "../../lib/format_bytes.ts";
import { userError } from "./user_error.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const HOUR = 3_600_000;

/** A cache holding two gram entries (1 kB and 2 kB of payload) and one qubo entry. */
async function fixture() {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const cache = await openCache(dir, { durable: false });
  const keys: string[] = [];
  for (const [stage, i, hoursAgo] of [["gram", 1, 1], ["gram", 2, 30], ["qubo", 3, 200]] as const) {
    const { key } = await cache.getOrCompute(
      { stage, version: 1, params: { i }, upstream: {} },
      () => Promise.resolve({ meta: { i }, arrays: { x: new Uint8Array(1000 * i) } }),
    );
    const used = new Date(NOW.getTime() - hoursAgo * HOUR);
    await Deno.utime(entryPath(dir, key), used, used);
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

Deno.test("cache ls --entries shows entries and totals per stage", async () => {
  const { dir, keys } = await fixture();
  const sizes = new Map((await listEntries(dir)).map((e) => [e.key, e.bytes]));
  const { lines } = await run(["cache", "ls", "--entries"], dir);
  // Rows: stage, 12-hex key prefix, version, size, ages.
  assert.equal(lines[0].replace(/\s+/g, " "), "STAGE KEY VERSION SIZE CREATED USED");
  assert.match(lines[1], /^─+( +─+){5}$/);
  const rows = lines.slice(2, 5).map((l) => l.split(/\s{2,}/));
  // Grouped by stage; the two gram entries were created in the same instant, so in any order.
  const byKey = (a: string[], b: string[]) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1);
  assert.deepEqual(
    rows.map((r) => [r[0], r[1], r[2], r[3], r[5]]).sort(byKey),
    [
      ["gram", keys[0].slice(0, 12), "1", formatBytes(sizes.get(keys[0])!), "1h ago"],
      ["gram", keys[1].slice(0, 12), "1", formatBytes(sizes.get(keys[1])!), "30h ago"],
      ["qubo", keys[2].slice(0, 12), "1", formatBytes(sizes.get(keys[2])!), "8d ago"],
    ].sort(byKey),
  );
  assert.deepEqual(rows.map((r) => r[0]), ["gram", "gram", "qubo"]);
  const gramBytes = sizes.get(keys[0])! + sizes.get(keys[1])!;
  const all = gramBytes + sizes.get(keys[2])!;
  assert.deepEqual(lines.slice(5, 11).map((l) => l.split(/\s{2,}/)), [
    [""],
    ["STAGE", "ENTRIES", "SIZE"],
    ["─────", "───────", "──────"],
    ["gram", "2", formatBytes(gramBytes)],
    ["qubo", "1", formatBytes(sizes.get(keys[2])!)],
    ["total", "3", formatBytes(all)],
  ]);
  assert.equal(lines.at(-1), `cache directory: ${dir}`);
  // --cache-dir overrides the default.
  const other = await Deno.makeTempDir();
  assert.deepEqual((await run(["cache", "ls", "--cache-dir", other], dir)).lines, [
    `cache ${other} is empty`,
  ]);
  await Deno.remove(other);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cache verify reports bad entries, sets exit code 1, and --delete removes them", async () => {
  const { dir, keys } = await fixture();
  assert.deepEqual((await run(["cache", "verify"], dir)).lines, [
    `checked 3 entries in ${dir}: all good`,
  ]);
  await Deno.writeFile(entryPath(dir, keys[1]), new Uint8Array(100));
  const bad = await run(["cache", "verify"], dir);
  assert.deepEqual(bad.lines, [
    `bad ${keys[1].slice(0, 12)}: bad magic: the file does not start with "QCNN-ART"`,
    `checked 3 entries in ${dir}: 1 bad; remove them with: cache verify --delete`,
  ]);
  assert.deepEqual(bad.codes, [1]);
  const fixed = await run(["cache", "verify", "--delete"], dir);
  assert.equal(fixed.lines.at(-1), `checked 3 entries in ${dir}: removed 1 bad`);
  assert.deepEqual(fixed.codes, []);
  assert.equal((await listEntries(dir)).length, 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cache gc trims by age and by size", async () => {
  const { dir, keys } = await fixture();
  const dry = await run(["cache", "gc", "--older-than", "7d", "--dry-run"], dir);
  assert.match(
    dry.lines[0],
    new RegExp(`^would remove qubo ${keys[2].slice(0, 12)} \\(.+, used 8d ago\\)$`),
  );
  assert.equal((await listEntries(dir)).length, 3);
  const byAge = await run(["cache", "gc", "--older-than", "2d"], dir);
  assert.match(
    byAge.lines.at(-1)!,
    /^removed 1 entries \(.+\) and 0 unfinished temp files; kept 2 entries/,
  );
  const bySize = await run(["cache", "gc", "--max-size", "1B"], dir);
  assert.match(bySize.lines.at(-1)!, /^removed 2 entries .*; kept 0 entries \(0 B\)$/);
  assert.deepEqual(await listEntries(dir), []);
  const nothing = await run(["cache", "gc"], dir);
  assert.equal(nothing.lines.at(-1), "give --older-than or --max-size to trim entries");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cache gc: bad durations and sizes are clear errors", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    () => run(["cache", "gc", "--older-than", "7 days"], dir),
    userError(
      '--older-than "7 days" is not a duration: write a number and a unit ms, s, m, h, d or w, e.g. 7d.',
    ),
  );
  await assert.rejects(
    () => run(["cache", "gc", "--max-size", "2XB"], dir),
    userError(
      '--max-size "2XB" is not a size: write a number and a unit B, kB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 2GB.',
    ),
  );
  await Deno.remove(dir);
});

Deno.test("units: durations, sizes, and their display", () => {
  assert.equal(parseDuration("7d", "x"), 7 * 86_400_000);
  assert.equal(parseDuration("1.5h", "x"), 5_400_000);
  assert.equal(parseDuration("90 s", "x"), 90_000);
  assert.equal(parseDuration("2w", "x"), 14 * 86_400_000);
  assert.equal(parseDuration("15min", "x"), 900_000);
  assert.throws(
    () => parseDuration("7", "--older-than"),
    userError(
      '--older-than "7" is not a duration: write a number and a unit ms, s, m, h, d or w, e.g. 7d.',
    ),
  );
  assert.throws(() => parseDuration("-1d", "x"));
  assert.equal(parseSize("2GB", "x"), 2e9);
  assert.equal(parseSize("2gb", "x"), 2e9);
  assert.equal(parseSize("1.5GiB", "x"), 1.5 * 2 ** 30);
  assert.equal(parseSize("4096B", "x"), 4096);
  assert.throws(
    () => parseSize("4096", "--max-size"),
    userError(
      '--max-size "4096" has no unit: write 4096B for bytes, or a unit kB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 2GB.',
    ),
  );
  assert.equal(parseSize("500 MB", "x"), 5e8);
  assert.throws(() => parseSize("lots", "x"));
  // One formatter for every listing: decimal units, never "1000.0 kB", exponential past PB.
  assert.deepEqual(
    [0, 999, 1000, 57512, 999_949, 999_999, 1234567, 170052171, 2e9, 1.5e15, 3.3e20].map(
      formatBytes,
    ),
    [
      "0 B",
      "999 B",
      "1.0 kB",
      "57.5 kB",
      "999.9 kB",
      "1.0 MB",
      "1.2 MB",
      "170.1 MB",
      "2.0 GB",
      "1.5 PB",
      "3.3e+20 B",
    ],
  );
  assert.deepEqual([0, 59_999, 60_000, 3_599_999, 3_600_000, 47 * HOUR, 48 * HOUR].map(formatAge), [
    "0s",
    "59s",
    "1m",
    "59m",
    "1h",
    "47h",
    "2d",
  ]);
});
