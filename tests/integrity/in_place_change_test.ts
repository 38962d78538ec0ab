/**
 * The in-place data change (issue 14): a dataset file whose bytes change while its size and
 * mtime stay the same must never feed a run, nor have results computed from it served later.
 * Runs the real CLI on a private copy of the digits data, cache and verification records.
 */
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { cli, listing } from "./helpers.ts";

Deno.test("a dataset file changed in place (same size, same mtime) is refused and never served", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-inplace-" });
  const env = { XDG_CACHE_HOME: `${dir}/xdg`, HOME: `${dir}/home` };
  const csv = `${dir}/data/digits/digits.csv`;
  await Deno.mkdir(`${dir}/data/digits`, { recursive: true });
  const original = gunzipSync(await Deno.readFile("data/digits.csv.gz"));
  await Deno.writeFile(csv, original);
  const pipeline = `${dir}/p.yaml`;
  await Deno.writeTextFile(
    pipeline,
    `name: inplace
dataset: { name: digits, dataDir: ${dir}/data, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: 1 }
training: { bits: 4, iterations: 2 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 20, seed: 0 } }
baselines: {}
cacheDir: ${dir}/cache
report: false
`,
  );
  try {
    const first = await cli(["run", pipeline, "--out", `${dir}/run1`, "--jobs", "1"], env);
    assert.equal(first.code, 0, first.stderr);
    const good = JSON.parse(await Deno.readTextFile(`${dir}/run1/summary.json`)).cells;
    const cacheBefore = await listing(`${dir}/cache`);
    const mtime = (await Deno.stat(csv)).mtime!;

    // Change pixels of the first rows, same length, and put the mtime back.
    const text = new TextDecoder().decode(original);
    const changed = text.replace(/^0,0,5,13,9,1,0,0/, "0,0,9,13,9,9,0,0");
    assert.notEqual(changed, text);
    assert.equal(changed.length, text.length);
    await Deno.writeTextFile(csv, changed);
    await Deno.utime(csv, mtime, mtime);
    assert.equal((await Deno.stat(csv)).mtime!.getTime(), mtime.getTime());

    const second = await cli(["run", pipeline, "--out", `${dir}/run2`, "--jobs", "1"], env);
    assert.equal(second.code, 1);
    assert.match(
      second.stderr,
      new RegExp(
        `^error: The decompressed content of ${csv} has sha256 [0-9a-f]{64} but the catalogue expects [0-9a-f]{64}, so it was not used; delete it and run \`deno task datasets fetch digits\` or replace it with the official file\\.$`,
        "m",
      ),
    );
    // Nothing was computed from the changed data: the cache holds exactly what it held.
    assert.deepEqual(await listing(`${dir}/cache`), cacheBefore);
    const plan = await cli(["plan", pipeline], env);
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /has sha256 [0-9a-f]{64} but the catalogue expects/);
    // The listing's records still say size and mtime match; --verify rehashes and says no.
    const verify = await cli(["datasets", "--data-dir", `${dir}/data`, "--verify"], env);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^digits +CHECKSUM MISMATCH /m);

    // Restored bytes: the run reuses what was computed from the original data, same results.
    await Deno.writeFile(csv, original);
    await Deno.utime(csv, mtime, mtime);
    const third = await cli(["run", pipeline, "--out", `${dir}/run3`, "--jobs", "1"], env);
    assert.equal(third.code, 0, third.stderr);
    const again = JSON.parse(await Deno.readTextFile(`${dir}/run3/summary.json`)).cells;
    assert.deepEqual(
      again.map((c: { testAccuracy: number; cached: boolean }) => [c.testAccuracy, c.cached]),
      good.map((c: { testAccuracy: number }) => [c.testAccuracy, true]),
    );
    assert.deepEqual(await listing(`${dir}/cache`), cacheBefore);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
