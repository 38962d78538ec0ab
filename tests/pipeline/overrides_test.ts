/**
 * Command-line overrides (`training.bits=[5,12]`): the same validation, defaults and grid
 * expansion as the YAML, errors that name the override, and `why` reading the overrides a run
 * recorded.
 */
import assert from "node:assert/strict";
import { main } from "../../cli/main.ts";
import { loadPipeline, parsePipeline } from "../../lib/pipeline/load.ts";
import { parseOverride } from "../../lib/pipeline/overrides.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";
import { messageOf, userErrorOf } from "./errors.ts";

const F = "pipelines/x.yaml";
const YAML = `name: x
dataset: { name: digits }
features: { seed: [1, 2] }
training: { bits: 10, iterations: 30 }
sampler: { name: sa, params: { numSweeps: 200, seed: 0 } }
`;
const parse = (...overrides: string[]) => parsePipeline(YAML, F, overrides);

Deno.test("an override list sweeps like a YAML list, and nested sampler params are set", () => {
  const p = parse("training.bits=[5,12]", "sampler.params.numSweeps=500");
  assert.deepStrictEqual(p.cells.map((c) => c.id), [
    "digits/seed=1/K=5/sa",
    "digits/seed=1/K=12/sa",
    "digits/seed=2/K=5/sa",
    "digits/seed=2/K=12/sa",
  ]);
  assert.ok(
    p.cells.every((c) => c.sampler.params.numSweeps === 500 && c.sampler.params.seed === 0),
  );
  // The same as writing it in the file, cell for cell.
  const inFile = parsePipeline(
    YAML.replace("bits: 10", "bits: [5, 12]").replace("numSweeps: 200", "numSweeps: 500"),
    F,
  );
  assert.deepStrictEqual(p.cells, inFile.cells);
  // The hash stays the file's: the overrides are recorded beside it, not folded in.
  assert.equal(p.fileSha256, parsePipeline(YAML, F).fileSha256);
});

Deno.test("overrides create missing maps, index lists, remove keys, and apply in order", () => {
  const p = parse("features.filters=3", "training.policy=fixed", "training.fixedRadius=2");
  assert.ok(p.cells.every((c) => c.features.filters === 3 && c.training.fixedRadius === 2));
  assert.equal(parse("baselines.sgd=false").baselines.sgd, null);
  const list = parsePipeline(
    "dataset:\n  - name: digits\n  - name: mnist\n",
    F,
    ["dataset[1].trainPerClass=7"],
  );
  assert.deepStrictEqual(list.cells.map((c) => c.dataset.trainPerClass), [undefined, 7]);
  assert.equal(parse("training.bits=4", "training.bits=6").cells[0].training.bits, 6);
  // Removing the sampler's params falls back to the sampler's defaults.
  assert.deepStrictEqual(parse("~sampler.params").cells[0].sampler.params, {});
});

Deno.test("a bad value is placed at the override, with the file's own sentence", () => {
  assert.equal(
    messageOf(() => parse("training.bits=[5,ten]")),
    "override 'training.bits=[5,ten]': training.bits[1] must be an integer from 1 to 32, " +
      "got 'ten'",
  );
  assert.equal(
    messageOf(() => parse("features.activaton=relu")),
    "override 'features.activaton=relu': unknown key 'activaton' in features; did you mean " +
      "'activation'? Allowed: filters, kernel, stride, activation, pooling, pool, filterInit, seed",
  );
  // Several problems: overrides first, in the order given, then the file's.
  const error = userErrorOf(() =>
    parsePipeline(YAML.replace("iterations: 30", "iterations: -1"), F, [
      "training.eta=-2",
      "features.pool=0",
    ])
  );
  assert.match(error.message, /^override 'training.eta=-2': training.eta must be/);
  assert.match(error.details![0], /^override 'features.pool=0': features.pool must be/);
  assert.match(error.details![1], /^pipelines\/x\.yaml:4:35: training.iterations must be/);
});

Deno.test("malformed overrides are one clear sentence", () => {
  assert.equal(
    messageOf(() => parse("training.bits")),
    "override 'training.bits' is not KEY=VALUE: write it as, for example, training.bits=[5,12].",
  );
  assert.equal(
    messageOf(() => parse("training..bits=5")),
    "override 'training..bits=5' has an invalid key 'training..bits': write a dotted path of " +
      "field names, such as training.bits=[5,12] or sampler.params.numSweeps=500.",
  );
  assert.match(
    messageOf(() => parse("training.bits=[5,")),
    /^override 'training.bits=\[5,' has a value that is not valid YAML \(.*\): quote it for the shell, e\.g\. 'training.bits=\[5,12\]'\.$/,
  );
  assert.equal(
    messageOf(() => parse("dataset.name.split=letters")),
    "override 'dataset.name.split=letters' sets a field inside 'dataset.name', which is not a " +
      "map in the pipeline: override that key as a whole instead.",
  );
  assert.equal(
    messageOf(() => parse("~training.ridge")),
    "override '~training.ridge' removes 'training.ridge', which the pipeline does not set: " +
      "check the key.",
  );
  assert.deepStrictEqual(parseOverride("a.b=x=y"), {
    text: "a.b=x=y",
    path: ["a", "b"],
    kind: "set",
    value: "x=y",
  });
});

Deno.test("why reads a run's overrides and shows them, then and now", async () => {
  const dir = await Deno.makeTempDir({ prefix: "overrides_why_" });
  try {
    const file = `${dir}/tiny.yaml`;
    await Deno.writeTextFile(
      file,
      `name: tiny
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: 1 }
training: { bits: 3, iterations: 2, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 30, seed: 0 } }
baselines: false
report: false
`,
    );
    const overrides = ["training.bits=[4,5]"];
    await runPipeline({
      pipeline: await loadPipeline(file, overrides),
      cacheDir: `${dir}/cache`,
      outDir: `${dir}/results/first`,
      jobs: 1,
      reporter: silentReporter,
      report: false,
      labels: { overrides },
    });
    const lines: string[] = [];
    const log = console.log;
    console.log = (text: string) => lines.push(text);
    try {
      const args = ["--results", `${dir}/results`, "--cache-dir", `${dir}/cache`];
      assert.equal(await main(["why", "digits/seed=1/K=5/sa", ...args]), 0);
      assert.equal(
        await main([
          "why",
          "digits/seed=1/K=6/sa",
          "training.bits=[4,6]",
          ...args,
          "--pipeline",
          file,
        ]),
        0,
      );
    } finally {
      console.log = log;
    }
    const [same, changed] = lines;
    assert.match(
      same,
      /\n {2}overrides then: training\.bits=\[4,5\]\n {2}overrides now: {2}training\.bits=\[4,5\]\n/,
    );
    assert.match(same, /Nothing that enters a cache key changed\./);
    assert.match(
      changed,
      /\n {2}overrides then: training\.bits=\[4,5\]\n {2}overrides now: {2}training\.bits=\[4,6\]\n/,
    );
    assert.match(changed, /params\.training\.bits: 5 -> 6/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
