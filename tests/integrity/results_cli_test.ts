/**
 * `run` never mixes or loses results (issue 14): a used --out is refused with exit 1 and left
 * as it was; --clear empties it; a full results disk ends the run with one sentence and leaves
 * only complete files.
 */
import assert from "node:assert/strict";
import { cli, listing, smallDisk } from "./helpers.ts";

async function tinyPipeline(dir: string): Promise<string> {
  const file = `${dir}/tiny.yaml`;
  await Deno.writeTextFile(
    file,
    `name: tiny
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: 1 }
training: { bits: [4, 5], iterations: 2 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 20, seed: 0 } }
baselines: {}
cacheDir: ${dir}/cache
report: false
`,
  );
  return file;
}

Deno.test("run: a used --out is refused and untouched; --clear replaces it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-out-" });
  const env = { XDG_CACHE_HOME: `${dir}/xdg` };
  try {
    const file = await tinyPipeline(dir);
    const first = await cli(["run", file, "--out", `${dir}/out`, "--jobs", "1"], env);
    assert.equal(first.code, 0, first.stderr);
    const before = await listing(`${dir}/out`);
    const summary = await Deno.readTextFile(`${dir}/out/summary.json`);
    const again = await cli(["run", file, "--out", `${dir}/out`, "--jobs", "1"], env);
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr,
      `error: Results directory ${dir}/out already holds cells, manifest.json, summary.json, so old and new results would mix; give another --out, or pass --clear to empty it first.\n`,
    );
    assert.deepEqual(await listing(`${dir}/out`), before);
    assert.equal(await Deno.readTextFile(`${dir}/out/summary.json`), summary);
    const cleared = await cli(["run", file, "--out", `${dir}/out`, "--jobs", "1", "--clear"], env);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.deepEqual(await listing(`${dir}/out`), before);
    assert.notEqual(await Deno.readTextFile(`${dir}/out/summary.json`), summary); // a new run
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const disk = await smallDisk();

Deno.test({
  name: "run: a full results disk is one sentence, exit 1, and only complete files remain",
  ignore: disk === undefined,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-out-" });
    try {
      const file = await tinyPipeline(dir);
      const out = `${disk}/run`;
      // --save-qubos: the sample QUBOs are the large files that fill the disk.
      const result = await cli(["run", file, "--out", out, "--jobs", "1", "--save-qubos"], {
        XDG_CACHE_HOME: `${dir}/xdg`,
      });
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(
          `^error: The disk is full while writing ${out}/cells/digits_seed-1_K-5_sa\\.qubo\\.f64 \\(No space left on device \\(os error 28\\)\\); nothing half-written was left there: free some space and run again \\(the cache keeps what was computed\\)\\.$`,
          "m",
        ),
      );
      const files = await listing(out);
      assert.deepEqual(files, [
        "cells/",
        "cells/digits_seed-1_K-4_sa.json",
        "cells/digits_seed-1_K-4_sa.qubo.f64",
      ]);
      // What is there is complete: the record parses, the QUBO is n x n float64 (n = 19 x 4).
      JSON.parse(await Deno.readTextFile(`${out}/cells/digits_seed-1_K-4_sa.json`));
      assert.equal(
        (await Deno.stat(`${out}/cells/digits_seed-1_K-4_sa.qubo.f64`)).size,
        76 * 76 * 8,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("run: two runs of one pipeline started together get two complete results folders", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-twins-" });
  try {
    const file = await tinyPipeline(dir);
    const main = new URL("../../cli/main.ts", import.meta.url).pathname;
    const start = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", main, "run", file, "--jobs", "1"],
        cwd: dir, // default results/ under the temporary directory
        env: { NO_COLOR: "1", XDG_CACHE_HOME: `${dir}/xdg` },
        stdout: "piped",
        stderr: "piped",
      }).output();
    const outcomes = await Promise.all([start(), start()]);
    for (const o of outcomes) assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
    const folders = (await listing(`${dir}/results`)).filter((p) => /^tiny-[^/]+\/$/.test(p));
    assert.equal(folders.length, 2, folders.join(", "));
    for (const folder of folders) {
      const summary = JSON.parse(await Deno.readTextFile(`${dir}/results/${folder}summary.json`));
      assert.equal(summary.cells.length, 2);
      assert.deepEqual(
        (await listing(`${dir}/results/${folder}cells`)).filter((p) => p.endsWith(".json")),
        ["digits_seed-1_K-4_sa.json", "digits_seed-1_K-5_sa.json"],
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
