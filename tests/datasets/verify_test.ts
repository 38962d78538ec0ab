import assert from "node:assert/strict";
import { join } from "node:path";
import { loadDataset } from "../../lib/datasets/load.ts";
import { writeKmnistFixture } from "../fixtures/kmnist_fixture.ts";
import { sha256Of, tempEnv, thrown } from "./helpers.ts";

const FILES = [
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
];

async function kmnistDir() {
  const { dir, env } = await tempEnv();
  await writeKmnistFixture(join(dir, "data", "kmnist"));
  const checksums: Record<string, string> = {};
  for (const f of FILES) checksums[`kmnist/${f}`] = await sha256Of(join(dir, "data", "kmnist", f));
  return { dataDir: join(dir, "data"), env, checksums };
}

Deno.test("verify: real catalogue sums reject fixture files, naming the file and both sums", async () => {
  const { dataDir, env } = await kmnistDir();
  const path = join(dataDir, "kmnist", "train-images-idx3-ubyte.gz");
  const error = await thrown(() => loadDataset({ name: "kmnist", dataDir }, { env }));
  assert.equal(
    error.message,
    `File ${path} has sha256 ${await sha256Of(
      path,
    )} but the catalogue expects 51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4, so it was not used; delete it and run \`deno task datasets fetch kmnist\` or replace it with the official file.`,
  );
});

Deno.test("verify: a changed file (new mtime) is hashed again and rejected", async () => {
  const { dataDir, env, checksums } = await kmnistDir();
  await loadDataset({ name: "kmnist", dataDir }, { env, checksums });
  const path = join(dataDir, "kmnist", "t10k-labels-idx1-ubyte.gz");
  const bytes = await Deno.readFile(path);
  bytes[bytes.length - 9] ^= 1; // same size, different content
  await Deno.writeFile(path, bytes);
  await Deno.utime(path, new Date(), new Date(Date.now() + 5000));
  const error = await thrown(() => loadDataset({ name: "kmnist", dataDir }, { env, checksums }));
  assert.match(
    error.message,
    new RegExp(
      `^File ${path} has sha256 [0-9a-f]{64} but the checksum overrides passed in expects ${
        checksums["kmnist/t10k-labels-idx1-ubyte.gz"]
      }, so it was not used;`,
    ),
  );
});

Deno.test("verify: a remembered sum goes through the same comparison", async () => {
  const { dataDir, env, checksums } = await kmnistDir();
  await loadDataset({ name: "kmnist", dataDir }, { env, checksums });
  // Forge every record so it claims another sum for an unchanged file: the load must refuse.
  const records = join(env.XDG_CACHE_HOME!, "qubo-cnn", "datasets", ".verified");
  for await (const entry of Deno.readDir(records)) {
    const file = join(records, entry.name);
    const record = JSON.parse(await Deno.readTextFile(file));
    await Deno.writeTextFile(file, JSON.stringify({ ...record, sha256: "0".repeat(64) }));
  }
  const error = await thrown(() => loadDataset({ name: "kmnist", dataDir }, { env, checksums }));
  assert.match(
    error.message,
    new RegExp(`has sha256 ${"0".repeat(64)} but the checksum overrides`),
  );
});

Deno.test("verify: checksum overrides from QUBO_CNN_CHECKSUMS, and a bad override file", async () => {
  const { dataDir, env, checksums } = await kmnistDir();
  const file = join(dataDir, "checksums.json");
  await Deno.writeTextFile(file, JSON.stringify(checksums));
  const d = await loadDataset({ name: "kmnist", dataDir }, {
    env: { ...env, QUBO_CNN_CHECKSUMS: file },
  });
  assert.match(d.provenance.note!, new RegExp(`verified against checksum override file ${file}$`));
  await Deno.writeTextFile(file, JSON.stringify({ "kmnist/x": "nothex" }));
  const error = await thrown(() =>
    loadDataset({ name: "kmnist", dataDir }, { env: { ...env, QUBO_CNN_CHECKSUMS: file } })
  );
  assert.equal(
    error.message,
    `Checksum override file ${file} (from QUBO_CNN_CHECKSUMS) must be a JSON object of "<dataset>/<file>": "<sha256 hex>"; fix it or unset QUBO_CNN_CHECKSUMS.`,
  );
});
