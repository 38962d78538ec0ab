/**
 * `run --keep-going` runs every cell it can and names the failed ones at the end, with summary
 * and report for the rest; without it, the first failure still leaves a summary of what
 * finished. `--force STAGE` recomputes a cached stage (and what must run for it).
 */
import { assert } from "../helpers/assert.ts";

/** A D-Wave cell beside an sa cell: with no token anywhere, the D-Wave cell fails at its first solve. */
const PIPELINE = `
name: keep-going
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 3, seed: 1 }
training: { bits: 3, iterations: 2 }
sampler: [{ name: sa, params: { numSweeps: 20 } }, { name: dwave-hybrid }]
baselines: { sgd: { epochs: 2 }, exact: false }
report: true
`;

async function cli(dir: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "cli/main.ts", ...args],
    env: {
      DWAVE_API_TOKEN: "",
      HOME: dir,
      XDG_CONFIG_HOME: `${dir}/config`,
      XDG_CONFIG_DIRS: `${dir}/etc`,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

async function withPipeline(run: (dir: string, file: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/p.yaml`, PIPELINE);
    await run(dir, `${dir}/p.yaml`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const readJson = async (path: string) => JSON.parse(await Deno.readTextFile(path));

Deno.test("--keep-going runs the other cells and names the failed one at the end", async () => {
  await withPipeline(async (dir, file) => {
    const out = `${dir}/out`;
    const result = await cli(
      dir,
      "run",
      file,
      "--out",
      out,
      "--cache-dir",
      `${dir}/c`,
      "--jobs",
      "1",
      "--keep-going",
    );
    assert.strictEqual(result.code, 1, result.stderr);
    assert.match(result.stderr, /1 of 2 cells failed; summary and report of the other 1 are in /);
    assert.match(result.stderr, /digits\/seed=1\/K=3\/dwave-hybrid: .*token/i);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    const summary = await readJson(`${out}/summary.json`);
    assert.deepStrictEqual(summary.cells.map((c: { id: string }) => c.id), [
      "digits/seed=1/K=3/sa",
    ]);
    assert.deepStrictEqual(summary.failed.map((f: { id: string }) => f.id), [
      "digits/seed=1/K=3/dwave-hybrid",
    ]);
    assert.strictEqual(summary.baselines.length, 1, "baselines run for the rest");
    await Deno.stat(`${out}/index.html`);
    // The finished cell's table was printed before the error.
    assert.match(result.stdout, /digits\/seed=1\/K=3\/sa/);
  });
});

Deno.test("without --keep-going a failed cell still leaves a summary of what finished", async () => {
  await withPipeline(async (dir, file) => {
    const out = `${dir}/out`;
    const result = await cli(
      dir,
      "run",
      file,
      "--out",
      out,
      "--cache-dir",
      `${dir}/c`,
      "--jobs",
      "1",
    );
    assert.strictEqual(result.code, 1, result.stderr);
    const summary = await readJson(`${out}/summary.json`);
    assert.deepStrictEqual(summary.cells.map((c: { id: string }) => c.id), [
      "digits/seed=1/K=3/sa",
    ]);
    assert.strictEqual(summary.failed[0].id, "digits/seed=1/K=3/dwave-hybrid");
    const manifest = await readJson(`${out}/manifest.json`);
    assert.deepStrictEqual(manifest.cells.map((c: { id: string }) => c.id), [
      "digits/seed=1/K=3/sa",
    ]);
  });
});

Deno.test("--force recomputes the named stage and what runs it, and refuses unknown stages", async () => {
  await withPipeline(async (dir, file) => {
    const sa = file.replace(".yaml", "-sa.yaml");
    await Deno.writeTextFile(sa, PIPELINE.replace(", { name: dwave-hybrid }", ""));
    const args = (
      out: string,
    ) => ["run", sa, "--out", `${dir}/${out}`, "--cache-dir", `${dir}/c`, "--no-report"];
    assert.strictEqual((await cli(dir, ...args("a"))).code, 0);
    const again = await cli(dir, ...args("b"), "--force", "solve");
    assert.strictEqual(again.code, 0, again.stderr);
    const cache = (await readJson(`${dir}/b/summary.json`)).cache;
    assert.deepStrictEqual(cache.features, { hits: 1, misses: 0 });
    assert.deepStrictEqual(cache.train, { hits: 0, misses: 1 });
    assert.strictEqual(cache.solve.hits, 0);
    assert.ok(cache.solve.misses > 0);
    assert.deepStrictEqual(cache.baseline, { hits: 1, misses: 0 });
    const bad = await cli(dir, ...args("c"), "--force", "weights");
    assert.strictEqual(bad.code, 1);
    assert.match(
      bad.stderr,
      /--force weights: no such stage; use one of features, gram, train, class-qubo, solve, qubo, baseline\./,
    );
  });
});
