import assert from "node:assert/strict";
import { join } from "node:path";
import { crc32, gunzipSync, gzipSync } from "node:zlib";
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
  bytes[bytes.length - 9] ^= 1; // same size, different content (inside the deflate data)
  await Deno.writeFile(path, bytes);
  await Deno.utime(path, new Date(), new Date(Date.now() + 5000));
  const error = await thrown(() => loadDataset({ name: "kmnist", dataDir }, { env, checksums }));
  assert.equal(
    error.message,
    `File ${path} is not a valid gzip file (corrupt or truncated: corrupt deflate stream); delete it and fetch or copy it again.`,
  );
});

Deno.test("verify: a file changed in place with size and mtime kept is rejected", async () => {
  const { dataDir, env, checksums } = await kmnistDir();
  const path = join(dataDir, "kmnist", "t10k-labels-idx1-ubyte.gz");
  // Re-gzip the labels with stored (uncompressed) blocks, so one label can change in place and
  // the file stays a valid gzip once its CRC-32 trailer is fixed: the case of edited pixels.
  const raw = gunzipSync(await Deno.readFile(path));
  const stored = gzipSync(raw, { level: 0 });
  assert.ok(raw.length < 65535, "one stored block");
  await Deno.writeFile(path, stored);
  const sums = { ...checksums, "kmnist/t10k-labels-idx1-ubyte.gz": await sha256Of(path) };
  const before = await loadDataset({ name: "kmnist", dataDir }, { env, checksums: sums });
  const { mtime } = await Deno.stat(path);
  const changed = raw.slice();
  changed[8 + 3] = (changed[8 + 3] + 1) % 10; // label 3, after the 8-byte IDX header
  stored[10 + 5 + 8 + 3] = changed[8 + 3]; // after the gzip and stored-block headers
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  view.setUint32(stored.length - 8, crc32(changed) >>> 0, true);
  assert.deepEqual(gunzipSync(stored), changed);
  await Deno.writeFile(path, stored);
  await Deno.utime(path, mtime!, mtime!);
  assert.equal((await Deno.stat(path)).mtime?.getTime(), mtime!.getTime());
  assert.equal((await Deno.stat(path)).size, stored.length);
  const error = await thrown(() =>
    loadDataset({ name: "kmnist", dataDir }, { env, checksums: sums })
  );
  assert.equal(
    error.message,
    `File ${path} has sha256 ${await sha256Of(path)} but the checksum overrides passed in expects ${
      sums["kmnist/t10k-labels-idx1-ubyte.gz"]
    }, so it was not used; delete it and run \`deno task datasets fetch kmnist\` or replace it with the official file.`,
  );
  assert.equal(before.test.labels.length, raw.length - 8);
});

Deno.test("verify: loading never trusts a verification record", async () => {
  const { dataDir, env, checksums } = await kmnistDir();
  const first = await loadDataset({ name: "kmnist", dataDir }, { env, checksums });
  // Forge every record so it claims another sum for an unchanged file: the load hashes anyway.
  const records = join(env.XDG_CACHE_HOME!, "qubo-cnn", "datasets", ".verified");
  for await (const entry of Deno.readDir(records)) {
    const file = join(records, entry.name);
    const record = JSON.parse(await Deno.readTextFile(file));
    await Deno.writeTextFile(file, JSON.stringify({ ...record, sha256: "0".repeat(64) }));
  }
  const again = await loadDataset({ name: "kmnist", dataDir }, { env, checksums });
  assert.deepEqual(again.provenance.files, first.provenance.files);
  // ... and rewrites the records with the sums it computed.
  for await (const entry of Deno.readDir(records)) {
    const record = JSON.parse(await Deno.readTextFile(join(records, entry.name)));
    assert.match(record.sha256, /^[0-9a-f]{64}$/);
    assert.notEqual(record.sha256, "0".repeat(64));
  }
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
