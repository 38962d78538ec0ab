import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { isUserError } from "../../lib/errors.ts";
import {
  DEFAULT_EXACT,
  DEFAULT_FEATURES,
  DEFAULT_SGD,
  DEFAULT_TRAINING,
} from "../../lib/pipeline/defaults.ts";
import { loadPipeline, parsePipeline } from "../../lib/pipeline/load.ts";
import { messageOf, userErrorOf } from "./errors.ts";

const F = "pipelines/x.yaml";
const parse = (text: string) => parsePipeline(text, F);

Deno.test("every pipeline in pipelines/ loads, with the documented grid sizes", async () => {
  const expected: Record<string, number> = {
    "digits.yaml": 12,
    "digits-fixed.yaml": 12,
    "mnist.yaml": 12,
    "fashion-mnist.yaml": 12,
    "precision-sweep.yaml": 36,
  };
  const dir = new URL("../../pipelines/", import.meta.url);
  const seen: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!/\.ya?ml$/.test(entry.name)) continue;
    seen.push(entry.name);
    const pipeline = await loadPipeline(new URL(entry.name, dir).pathname);
    if (entry.name in expected) {
      assert.equal(pipeline.cells.length, expected[entry.name], entry.name);
    }
    assert.equal(pipeline.name, entry.name.replace(/\.ya?ml$/, ""), "name matches the file");
    assert.ok(pipeline.description.length > 0, `${entry.name} has a description`);
  }
  for (const name of Object.keys(expected)) assert.ok(seen.includes(name), `${name} exists`);
});

Deno.test("digits.yaml sweeps seeds 1..3 x K in {5,10,15,20} with the trust policy", async () => {
  const p = await loadPipeline(new URL("../../pipelines/digits.yaml", import.meta.url).pathname);
  assert.deepEqual(p.cells.map((c) => c.id), [
    ...[1, 2, 3].flatMap((s) => [5, 10, 15, 20].map((k) => `digits/seed=${s}/K=${k}/sa`)),
  ]);
  assert.ok(p.cells.every((c) => c.training.policy === "trust"));
  assert.ok(p.baselines.sgd && p.baselines.exact);
  const fixed = await loadPipeline(
    new URL("../../pipelines/digits-fixed.yaml", import.meta.url).pathname,
  );
  assert.ok(
    fixed.cells.every((c) => c.training.policy === "fixed" && c.training.fixedRadius === 4),
  );
});

Deno.test("defaults are filled and the file is hashed", () => {
  const text = "dataset:\n  name: mnist\n";
  const p = parsePipeline(text, "some/dir/quick.yml");
  assert.equal(p.name, "quick");
  assert.equal(p.description, "");
  assert.equal(p.file, "some/dir/quick.yml");
  assert.equal(p.cacheDir, ".cache");
  assert.equal(p.report, true);
  assert.equal(p.fileSha256, createHash("sha256").update(text).digest("hex"));
  assert.deepEqual(p.baselines, { sgd: DEFAULT_SGD, exact: DEFAULT_EXACT });
  assert.deepEqual(p.cells, [{
    id: "mnist/seed=1/K=10/sa",
    dataset: { name: "mnist", subsampleSeed: 0 },
    features: DEFAULT_FEATURES,
    training: DEFAULT_TRAINING,
    sampler: { name: "sa", params: {} },
  }]);
});

Deno.test("dataset defaults apply only where the field applies; dataDir is resolved", () => {
  const cells = parse(
    "dataset:\n  - name: digits\n  - name: emnist\n  - { name: cifar10, dataDir: ../data, trainPerClass: 50 }\n",
  ).cells;
  assert.deepEqual(cells.map((c) => c.dataset), [
    { name: "digits", testFraction: 0.25, splitSeed: 0, subsampleSeed: 0 },
    { name: "emnist", split: "balanced", subsampleSeed: 0 },
    {
      name: "cifar10",
      trainPerClass: 50,
      subsampleSeed: 0,
      color: "gray",
      dataDir: resolve(dirname(resolve(F)), "../data"),
    },
  ]);
});

Deno.test("baselines: false skips both, a section false skips one, true takes defaults", () => {
  assert.deepEqual(parse("dataset: { name: digits }\nbaselines: false\n").baselines, {
    sgd: null,
    exact: null,
  });
  assert.deepEqual(
    parse("dataset: { name: digits }\nbaselines: { sgd: { epochs: 5 }, exact: false }\n").baselines,
    { sgd: { ...DEFAULT_SGD, epochs: 5 }, exact: null },
  );
  assert.deepEqual(parse("dataset: { name: digits }\nbaselines: { exact: true }\n").baselines, {
    sgd: DEFAULT_SGD,
    exact: DEFAULT_EXACT,
  });
  assert.equal(parse("dataset: { name: digits }\nreport: false\n").report, false);
});

Deno.test("YAML syntax errors carry line and column and show the line", () => {
  const indent = userErrorOf(() => parse("dataset:\n  name: digits\n features: {}\n"));
  assert.equal(
    indent.message,
    "pipelines/x.yaml:3:1: YAML syntax error: All mapping items must start at the same column; " +
      "fix the YAML at this position",
  );
  assert.deepEqual(indent.details, [" features: {}", "^"]);
  const dup = userErrorOf(() =>
    parse("dataset: { name: digits }\nfeatures: { pool: 4, pool: 5 }\n")
  );
  assert.equal(
    dup.message,
    "pipelines/x.yaml:2:22: YAML syntax error: Map keys must be unique; fix the YAML at this position",
  );
  assert.deepEqual(dup.details, ["features: { pool: 4, pool: 5 }", "                     ^"]);
  assert.equal(
    messageOf(() => parse("dataset: { name: digits }\ntraining:\n  bits: 10\n\teta: 1\n")),
    "pipelines/x.yaml:4:1: YAML syntax error: Tabs are not allowed as indentation; " +
      "fix the YAML at this position",
  );
});

Deno.test("unknown keys name the place, suggest the likely key and list the allowed ones", () => {
  assert.equal(
    messageOf(() => parse("dataset: { name: digits }\nfeatures:\n  filters: 4\n  filtrs: 8\n")),
    "pipelines/x.yaml:4:3: unknown key 'filtrs' in features; did you mean 'filters'? " +
      "Allowed: filters, kernel, stride, activation, pooling, pool, filterInit, seed",
  );
  assert.equal(
    messageOf(() => parse("dataset: { name: digits }\ntrainig: {}\n")),
    "pipelines/x.yaml:2:1: unknown key 'trainig' in the top level; did you mean 'training'? " +
      "Allowed: name, description, cacheDir, dataset, features, training, sampler, baselines, " +
      "report, zip, executor",
  );
  assert.equal(
    messageOf(() => parse("dataset:\n  - name: digits\n  - name: mnist\n    colour: rgb\n")),
    "pipelines/x.yaml:4:5: unknown key 'colour' in dataset[1]; did you mean 'color'? " +
      "Allowed: name, split, testFraction, splitSeed, trainPerClass, testPerClass, " +
      "subsampleSeed, color, dataDir",
  );
  assert.equal(
    messageOf(() => parse("dataset: { name: digits }\nbaselines:\n  sgd: { epoch: 3 }\n")),
    "pipelines/x.yaml:3:10: unknown key 'epoch' in baselines.sgd; did you mean 'epochs'? " +
      "Allowed: epochs, learningRate, batchSize, seed",
  );
  assert.equal(
    messageOf(() => parse("dataset: { name: digits }\nfeatures: { zzzzzz: 1 }\n")),
    "pipelines/x.yaml:2:13: unknown key 'zzzzzz' in features; " +
      "Allowed: filters, kernel, stride, activation, pooling, pool, filterInit, seed",
  );
});

Deno.test("wrong types and values name the field, the expected values and what was given", () => {
  const t = (yaml: string) => messageOf(() => parse(`dataset: { name: digits }\n${yaml}`));
  assert.equal(
    t("training:\n  bits: ten\n"),
    "pipelines/x.yaml:3:9: training.bits must be an integer from 1 to 32 (or a list of them), got 'ten'",
  );
  assert.equal(
    t("training:\n  bits: [5, 40]\n"),
    "pipelines/x.yaml:3:13: training.bits[1] must be an integer from 1 to 32, got 40",
  );
  assert.equal(
    t("training: { bits: [] }\n"),
    "pipelines/x.yaml:2:19: training.bits must be an integer from 1 to 32 (or a list of them), " +
      "got an empty list",
  );
  assert.equal(
    t("training: { eta: 0 }\n"),
    "pipelines/x.yaml:2:18: training.eta must be a number > 0 (or a list of them), got 0",
  );
  assert.equal(
    t("features:\n  activation: rleu\n"),
    "pipelines/x.yaml:3:15: features.activation must be one of relu, tanh, sigmoid, abs, " +
      "identity (or a list of them), got 'rleu'; did you mean 'relu'?",
  );
  assert.equal(
    t("features: 4\n"),
    "pipelines/x.yaml:2:11: features must be a map of feature settings, got 4",
  );
  assert.equal(
    t("sampler: { name: sa, params: [1] }\n"),
    "pipelines/x.yaml:2:30: sampler.params must be a map of sampler parameters, got a list",
  );
  assert.equal(
    t("baselines: { sgd: 3 }\n"),
    "pipelines/x.yaml:2:19: baselines.sgd must be a map (epochs, learningRate, batchSize, seed), " +
      "true or false, got 3",
  );
  assert.equal(
    t("report: 'yes'\n"),
    "pipelines/x.yaml:2:9: report must be true or false, got 'yes'",
  );
  assert.equal(
    messageOf(() => parse("dataset:\n  name: mnst\n")),
    "pipelines/x.yaml:2:9: dataset.name must be one of digits, mnist, fashion-mnist, cifar10, " +
      "emnist, kmnist (or a list of them), got 'mnst'; did you mean 'mnist'?",
  );
  assert.equal(
    messageOf(() => parse("name: my run\ndataset: { name: digits }\n")),
    "pipelines/x.yaml:1:7: name must be a name of letters, digits, '.', '_' or '-', got 'my run'",
  );
});

Deno.test("several problems: the first in file order is the message, the rest are details", () => {
  const error = userErrorOf(() =>
    parse("dataset: { name: digits }\ntraining: { eta: -1 }\nfeatures: { pool: 0 }\n")
  );
  assert.equal(
    error.message,
    "pipelines/x.yaml:2:18: training.eta must be a number > 0 (or a list of them), got -1",
  );
  assert.deepEqual(error.details, [
    "pipelines/x.yaml:3:19: features.pool must be an integer >= 1 (or a list of them), got 0",
  ]);
});

Deno.test("a missing dataset or dataset name is named with what it must be", () => {
  assert.equal(
    messageOf(() => parse("features: {}\n")),
    "pipelines/x.yaml:1:1: the top level is missing 'dataset', which must be a map with at " +
      "least 'name' (or a list of such maps)",
  );
  assert.equal(
    messageOf(() => parse("dataset:\n  splitSeed: 1\n")),
    "pipelines/x.yaml:2:3: dataset is missing 'name', which must be one of digits, mnist, " +
      "fashion-mnist, cifar10, emnist, kmnist",
  );
  assert.equal(
    messageOf(() => parse("dataset:\n  - name: digits\n  - trainPerClass: 5\n")),
    "pipelines/x.yaml:3:5: dataset[1] is missing 'name', which must be one of digits, mnist, " +
      "fashion-mnist, cifar10, emnist, kmnist",
  );
  assert.equal(
    messageOf(() => parse("")),
    "pipelines/x.yaml is empty; a pipeline needs at least a dataset, such as " +
      "'dataset: { name: digits }'",
  );
  assert.equal(
    messageOf(() => parse("- a\n- b\n")),
    "pipelines/x.yaml:1:1: a pipeline file must be a map with at least 'dataset', got a list",
  );
});

Deno.test("a missing or unreadable file is a UserError naming the path", async () => {
  const missing = "pipelines/does-not-exist.yaml";
  const error = await loadPipeline(missing).then(() => null, (e) => e);
  assert.ok(isUserError(error));
  assert.equal(
    error.message,
    `pipeline file '${missing}' not found (looked in ${resolve(missing)}); check the path`,
  );
  const dir = await loadPipeline("pipelines").then(() => null, (e) => e);
  assert.ok(isUserError(dir));
  assert.equal(dir.message, "pipeline file 'pipelines' is a directory; give a .yaml file");
});
