import assert from "node:assert/strict";
import fc from "fast-check";
import { ARRAY_VALUED_SAMPLER_PARAMS } from "../../lib/pipeline/grid.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { messageOf } from "./errors.ts";

const F = "pipelines/x.yaml";
const cellsOf = (text: string) => parsePipeline(text, F).cells;
const idsOf = (text: string) => cellsOf(text).map((c) => c.id);

Deno.test("lists expand into the cartesian product: dataset, features (seed last), training (bits last), sampler", () => {
  const cells = cellsOf(`
dataset: { name: [digits, mnist] }
features: { seed: [1, 2], filters: [4, 8] }
training: { bits: [5, 10], eta: [0.25, 0.5] }
sampler: { name: [sa, exact] }
`);
  const expected: string[] = [];
  for (const d of ["digits", "mnist"]) {
    for (const f of [4, 8]) {
      for (const s of [1, 2]) {
        for (const e of [0.25, 0.5]) {
          for (const k of [5, 10]) {
            for (const sm of ["sa", "exact"]) {
              expected.push(`${d}/filters=${f}/eta=${e}/seed=${s}/K=${k}/${sm}`);
            }
          }
        }
      }
    }
  }
  assert.equal(cells.length, 64);
  assert.deepEqual(cells.map((c) => c.id), expected);
  const c = cells[47]; // mnist, filters 4, seed 2, eta 0.5, K 10, exact
  assert.equal(c.id, "mnist/filters=4/eta=0.5/seed=2/K=10/exact");
  assert.deepEqual(
    [c.dataset.name, c.features.filters, c.features.seed, c.training.eta, c.training.bits],
    ["mnist", 4, 2, 0.5, 10],
  );
  assert.equal(c.sampler.name, "exact");
});

Deno.test("cell i is the mixed-radix digit expansion of i over the lists (property)", () => {
  const distinct = (max: number) =>
    fc.uniqueArray(fc.integer({ min: 1, max }), { minLength: 1, maxLength: 3 });
  fc.assert(
    fc.property(
      distinct(16),
      distinct(50),
      distinct(32),
      distinct(9),
      (filters, seeds, bits, pools) => {
        const cells = cellsOf(
          `dataset: { name: digits }\nfeatures: { filters: [${filters}], seed: [${seeds}], ` +
            `pool: [${pools}] }\ntraining: { bits: [${bits}] }\n`,
        );
        const radix = [filters, pools, seeds, bits];
        assert.equal(cells.length, radix.reduce((n, list) => n * list.length, 1));
        cells.forEach((cell, i) => {
          let rest = i;
          const digits = radix.map(() => 0);
          for (let a = radix.length - 1; a >= 0; a--) {
            digits[a] = rest % radix[a].length;
            rest = Math.floor(rest / radix[a].length);
          }
          assert.deepEqual(
            [cell.features.filters, cell.features.pool, cell.features.seed, cell.training.bits],
            digits.map((d, a) => radix[a][d]),
          );
        });
        assert.equal(new Set(cells.map((c) => c.id)).size, cells.length);
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("zip takes its lists position by position, as one axis where its first path sits", () => {
  const cells = cellsOf(`
dataset: { name: digits }
training: { bits: [5, 10] }
zip:
  - features.filters: [4, 8]
    features.pool: [4, 2]
`);
  assert.deepEqual(cells.map((c) => c.id), [
    "digits/filters=4/pool=4/seed=1/K=5/sa",
    "digits/filters=4/pool=4/seed=1/K=10/sa",
    "digits/filters=8/pool=2/seed=1/K=5/sa",
    "digits/filters=8/pool=2/seed=1/K=10/sa",
  ]);
  assert.deepEqual(cells.map((c) => [c.features.filters, c.features.pool]), [
    [4, 4],
    [4, 4],
    [8, 2],
    [
      8,
      2,
    ],
  ]);
  // A group spanning sections sits at its earliest path (features.kernel, before seed).
  assert.deepEqual(
    idsOf(`
dataset: { name: digits }
features: { seed: [1, 2] }
zip:
  - training.bits: [5, 10]
    features.kernel: [3, 5]
`),
    [
      "digits/kernel=3/seed=1/K=5/sa",
      "digits/kernel=3/seed=2/K=5/sa",
      "digits/kernel=5/seed=1/K=10/sa",
      "digits/kernel=5/seed=2/K=10/sa",
    ],
  );
});

Deno.test("zip can pair a dataset with its feature size and a sampler parameter with K", () => {
  const cells = cellsOf(`
dataset: {}
sampler: { name: sa, params: { numReads: 4 } }
zip:
  - dataset.name: [digits, mnist]
    features.pool: [2, 4]
  - training.bits: [5, 10]
    sampler.params.numSweeps: [100, 200]
`);
  assert.deepEqual(cells.map((c) => c.id), [
    "digits/pool=2/seed=1/K=5/sa/numSweeps=100",
    "digits/pool=2/seed=1/K=10/sa/numSweeps=200",
    "mnist/pool=4/seed=1/K=5/sa/numSweeps=100",
    "mnist/pool=4/seed=1/K=10/sa/numSweeps=200",
  ]);
  assert.deepEqual(cells[3].sampler, { name: "sa", params: { numReads: 4, numSweeps: 200 } });
});

Deno.test("dataset and sampler lists of maps expand, each map by its own lists", () => {
  assert.deepEqual(
    idsOf(`
dataset:
  - { name: emnist, split: [letters, digits] }
  - { name: digits, trainPerClass: [10, 20] }
  - { name: mnist }
sampler:
  - { name: sa, params: { numSweeps: [100, 1000], seed: 3 } }
  - { name: exact }
`),
    [
      "emnist:letters/seed=1/K=10/sa/numSweeps=100",
      "emnist:letters/seed=1/K=10/sa/numSweeps=1000",
      "emnist:letters/seed=1/K=10/exact",
      "emnist:digits/seed=1/K=10/sa/numSweeps=100",
      "emnist:digits/seed=1/K=10/sa/numSweeps=1000",
      "emnist:digits/seed=1/K=10/exact",
      "digits/trainPerClass=10/seed=1/K=10/sa/numSweeps=100",
      "digits/trainPerClass=10/seed=1/K=10/sa/numSweeps=1000",
      "digits/trainPerClass=10/seed=1/K=10/exact",
      "digits/trainPerClass=20/seed=1/K=10/sa/numSweeps=100",
      "digits/trainPerClass=20/seed=1/K=10/sa/numSweeps=1000",
      "digits/trainPerClass=20/seed=1/K=10/exact",
      "mnist/seed=1/K=10/sa/numSweeps=100",
      "mnist/seed=1/K=10/sa/numSweeps=1000",
      "mnist/seed=1/K=10/exact",
    ],
  );
});

Deno.test("ids show a dataset field only where it varies within that dataset", () => {
  assert.deepEqual(
    idsOf("dataset:\n  - { name: digits, trainPerClass: 100 }\n  - { name: mnist }\n"),
    ["digits/seed=1/K=10/sa", "mnist/seed=1/K=10/sa"],
  );
  assert.deepEqual(
    idsOf("dataset:\n  - { name: mnist, trainPerClass: 100 }\n  - { name: mnist }\n"),
    ["mnist/trainPerClass=100/seed=1/K=10/sa", "mnist/trainPerClass=all/seed=1/K=10/sa"],
  );
  assert.deepEqual(
    idsOf("dataset: { name: cifar10, color: [gray, rgb] }\ntraining: { policy: [trust, fixed] }\n"),
    [
      "cifar10/color=gray/policy=trust/seed=1/K=10/sa",
      "cifar10/color=gray/policy=fixed/seed=1/K=10/sa",
      "cifar10/color=rgb/policy=trust/seed=1/K=10/sa",
      "cifar10/color=rgb/policy=fixed/seed=1/K=10/sa",
    ],
  );
});

Deno.test("array-valued sampler params sweep only as a list of arrays", () => {
  assert.deepEqual(ARRAY_VALUED_SAMPLER_PARAMS, ["betaRange", "betaSchedule", "initialStates"]);
  const one = cellsOf("dataset: { name: digits }\nsampler: { params: { betaRange: [1, 100] } }\n");
  assert.equal(one.length, 1);
  assert.deepEqual(one[0].sampler.params, { betaRange: [1, 100] });
  const two = cellsOf(
    "dataset: { name: digits }\nsampler: { params: { betaRange: [[1, 100], [0.1, 10]] } }\n",
  );
  assert.deepEqual(two.map((c) => c.id), [
    "digits/seed=1/K=10/sa/betaRange=[1,100]",
    "digits/seed=1/K=10/sa/betaRange=[0.1,10]",
  ]);
  assert.deepEqual(two[1].sampler.params.betaRange, [0.1, 10]);
  // Any other parameter given as a list sweeps.
  assert.equal(
    cellsOf("dataset: { name: digits }\nsampler: { params: { numReads: [1, 2, 3] } }\n").length,
    3,
  );
  assert.equal(
    messageOf(() =>
      cellsOf("dataset: { name: digits }\nsampler:\n  params:\n    betaRange: [[1, 100], 5]\n")
    ),
    "pipelines/x.yaml:4:16: sampler.params.betaRange mixes arrays and single values; give one " +
      "array (such as [1, 100]) or a list of arrays to sweep (such as [[1, 100], [0.1, 10]])",
  );
  assert.equal(
    messageOf(() => cellsOf("dataset: { name: digits }\nsampler:\n  params:\n    numReads: []\n")),
    "pipelines/x.yaml:4:15: sampler.params.numReads is an empty list; give a value or a list of values",
  );
});

Deno.test("dataset fields that do not apply are dropped and the cells they would double are kept once", () => {
  const cells = cellsOf("dataset: { name: [digits, emnist], split: [letters, digits] }\n");
  assert.deepEqual(cells.map((c) => c.id), [
    "digits/seed=1/K=10/sa",
    "emnist:letters/seed=1/K=10/sa",
    "emnist:digits/seed=1/K=10/sa",
  ]);
  assert.equal(cells[0].dataset.split, undefined);
});

Deno.test("a dataset field for a dataset it does not apply to is rejected where it is written", () => {
  assert.equal(
    messageOf(() => cellsOf("dataset:\n  name: mnist\n  split: letters\n")),
    "pipelines/x.yaml:3:3: dataset.split applies only to emnist, not to mnist; remove it or " +
      "change dataset.name",
  );
  assert.equal(
    messageOf(() =>
      cellsOf("dataset:\n  - name: digits\n  - { name: [mnist, kmnist], color: rgb }\n")
    ),
    "pipelines/x.yaml:3:30: dataset.color applies only to cifar10, not to mnist, kmnist; remove " +
      "it or change dataset.name",
  );
  assert.equal(
    messageOf(() =>
      cellsOf(
        "dataset: {}\nzip:\n  - dataset.name: [mnist, emnist]\n    dataset.testFraction: [0.2, 0.3]\n",
      )
    ),
    "pipelines/x.yaml:4:5: dataset.testFraction applies only to digits, not to mnist, emnist; " +
      "remove it or change dataset.name",
  );
});

Deno.test("two cells with the same id are an error naming them", () => {
  assert.equal(
    messageOf(() => cellsOf("dataset: { name: digits }\nfeatures: { seed: [1, 2, 1] }\n")),
    "pipelines/x.yaml: cells 1 and 3 of the grid would both be named 'digits/seed=1/K=10/sa'; " +
      "remove the repeated value (or the map that repeats another)",
  );
  assert.equal(
    messageOf(() => cellsOf("dataset:\n  - { name: mnist }\n  - { name: mnist, dataDir: data }\n")),
    "pipelines/x.yaml: cells 1 and 2 of the grid would both be named 'mnist/seed=1/K=10/sa'; " +
      "remove the repeated value (or the map that repeats another)",
  );
});

Deno.test("zip errors name the group, the path and the problem at its position", () => {
  const zip = (group: string, extra = "") =>
    messageOf(() => cellsOf(`dataset: { name: digits }\n${extra}zip:\n  - ${group}\n`));
  assert.equal(
    zip("features.filters: [4, 8]\n    features.pool: [4, 2, 1]"),
    "pipelines/x.yaml:3:5: zip[0] needs lists of the same length, got 2 for features.filters, " +
      "3 for features.pool",
  );
  assert.equal(
    zip("features.filtrs: [4, 8]\n    features.pool: [4, 2]"),
    "pipelines/x.yaml:3:5: unknown path 'features.filtrs' in zip[0]; did you mean " +
      "'features.filters'? Allowed: dataset.name, dataset.split, dataset.testFraction, " +
      "dataset.splitSeed, dataset.trainPerClass, dataset.testPerClass, dataset.subsampleSeed, " +
      "dataset.color, features.filters, features.kernel, features.stride, features.activation, " +
      "features.pooling, features.pool, features.filterInit, features.seed, training.policy, " +
      "training.iterations, training.eta, training.etaSchedule, training.etaMin, training.etaShrink, training.etaGrow, training.ridge, training.trustScale, " +
      "training.minHalfWidth, training.fixedRadius, training.patience, training.tolerance, " +
      "training.coldPrecision, training.bits, sampler, sampler.name, sampler.params.<name>",
  );
  assert.equal(
    zip("features.filters: [4, 8]\n    features.pool: [4, 2]", "features:\n  filters: [2, 3]\n"),
    "pipelines/x.yaml:5:5: features.filters is set both in zip[0] and at pipelines/x.yaml:3:3; " +
      "set it in one place",
  );
  assert.equal(
    zip("features.filters: [4, 0]\n    features.pool: [4, 2]"),
    "pipelines/x.yaml:3:27: features.filters[1] in zip[0] must be an integer >= 1, got 0",
  );
  assert.equal(
    zip("features.filters: [4, 8]\n  - features.filters: [1, 2]"),
    "pipelines/x.yaml:4:5: features.filters is in both zip[0] and zip[1]; keep it in one group",
  );
  assert.equal(
    zip("features.filters: 4"),
    "pipelines/x.yaml:3:23: zip[0].features.filters must be a list of values, got 4",
  );
  assert.equal(
    messageOf(() =>
      cellsOf(
        "dataset:\n  - name: digits\nzip:\n  - dataset.splitSeed: [1, 2]\n    features.pool: [1, 2]\n",
      )
    ),
    "pipelines/x.yaml:4:5: zip[0] names dataset.splitSeed, but dataset is a list of maps; zip " +
      "dataset fields only when dataset is a single map",
  );
  assert.equal(
    zip("{}"),
    "pipelines/x.yaml:3:5: zip[0] is empty; name two or more dotted paths with lists of values",
  );
});

Deno.test("every training field of the schema reaches the cells, and a list of it sweeps", () => {
  const pipeline = parsePipeline(
    "dataset: { name: digits }\n" +
      "training: { etaSchedule: [adaptive, fixed], etaShrink: 0.9, etaMin: 0.01, etaGrow: 3 }\n",
    "eta.yaml",
  );
  assert.deepStrictEqual(
    pipeline.cells.map((c) => [c.id, c.training.etaSchedule]),
    [
      ["digits/etaSchedule=adaptive/seed=1/K=10/sa", "adaptive"],
      ["digits/etaSchedule=fixed/seed=1/K=10/sa", "fixed"],
    ],
  );
  for (const cell of pipeline.cells) {
    assert.strictEqual(cell.training.etaShrink, 0.9);
    assert.strictEqual(cell.training.etaMin, 0.01);
    assert.strictEqual(cell.training.etaGrow, 3);
  }
});
