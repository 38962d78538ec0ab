/**
 * User mistakes through the real CLI (issue 14): each is one sentence on stderr naming the
 * file, field or flag and the fix, with exit 1 (never `internal error` with exit 70), and
 * nothing outside the command's own output changes.
 */
import assert from "node:assert/strict";
import { writeQbsolv } from "../../lib/qubo_format.ts";
import { cli, listing } from "./helpers.ts";

/** Runs the CLI and checks: exit 1, exactly `message` after "error: ", no stack, no internals. */
async function refused(args: string[], message: string | RegExp, env: Record<string, string>) {
  const result = await cli(args, env);
  assert.equal(result.code, 1, `${args.join(" ")}: ${result.stderr}`);
  const line = result.stderr.trimEnd().split("\n").at(-1)!;
  if (typeof message === "string") assert.equal(line, `error: ${message}`);
  else assert.match(line, message);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
}

Deno.test("cache, qubo, plan and run refuse user mistakes with one sentence and exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-mistakes-" });
  const env = { XDG_CACHE_HOME: `${dir}/xdg` };
  try {
    await Deno.writeTextFile(`${dir}/afile`, "x");
    await Deno.writeTextFile(`${dir}/tiny.qubo`, "p qubo 0 16384 0 0\n");
    const text = writeQbsolv({ n: 1, q: Float64Array.of(1), offset: 0 });
    const utf16 = new Uint8Array(2 + 2 * text.length);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    await Deno.writeFile(`${dir}/u16.qubo`, utf16);
    await Deno.writeTextFile(`${dir}/alias.yaml`, "dataset: *d\nfeatures: &d { filters: 2 }\n");
    // A truncated digits.csv.gz in the pipeline's data directory.
    await Deno.mkdir(`${dir}/data/digits`, { recursive: true });
    const gz = await Deno.readFile("data/digits.csv.gz");
    await Deno.writeFile(`${dir}/data/digits/digits.csv.gz`, gz.subarray(0, gz.length >> 1));
    await Deno.writeTextFile(
      `${dir}/cut.yaml`,
      `dataset: { name: digits, dataDir: ${dir}/data }\ncacheDir: ${dir}/cache\nreport: false\n`,
    );
    const before = await listing(dir);

    await refused(
      ["cache", "verify", "--cache-dir", `${dir}/none`],
      `Cache directory ${dir}/none does not exist; check --cache-dir (runs create the cache, default .cache).`,
      env,
    );
    await refused(
      ["cache", "ls", "--cache-dir", `${dir}/afile`],
      `Cache directory ${dir}/afile is a file, not a directory; give --cache-dir the cache's directory (default .cache).`,
      env,
    );
    await refused(
      ["cache", "gc", "--max-size", "2", "--cache-dir", dir],
      '--max-size "2" has no unit: write 2B for bytes, or a unit kB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 2GB.',
      env,
    );
    await refused(
      ["qubo", "solve", `${dir}/tiny.qubo`],
      `${dir}/tiny.qubo:1: the program line declares maxNodes 16384 but the file has no node or coupler lines: add them, or set maxNodes to 0.`,
      env,
    );
    await refused(
      ["qubo", "solve", `${dir}/u16.qubo`],
      `QUBO file "${dir}/u16.qubo" is UTF-16 text; save it as UTF-8 (or plain ASCII) and try again.`,
      env,
    );
    await refused(
      ["plan", `${dir}/alias.yaml`],
      `${dir}/alias.yaml:1:10: YAML alias *d comes before its anchor &d; move the anchor above the alias`,
      env,
    );
    await refused(
      ["run", `${dir}/cut.yaml`, "--out", `${dir}/out`],
      new RegExp(
        `^error: File ${dir}/data/digits/digits\\.csv\\.gz is not a valid gzip file \\(corrupt or truncated: .+\\); delete it and fetch or copy it again\\.$`,
      ),
      env,
    );
    // Nothing changed but the cache the run opened: its unused results folder was given back.
    const after = (await listing(dir)).filter((p) =>
      !p.startsWith("cache") && !p.startsWith("xdg")
    );
    assert.deepEqual(after, before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
