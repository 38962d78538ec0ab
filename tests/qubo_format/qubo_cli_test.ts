import assert from "node:assert/strict";
import { join } from "node:path";
import { Command } from "commander";
import { parseSamplerParams, registerQuboCommand } from "../../cli/qubo.ts";
import { openCache } from "../../lib/cache/store.ts";
import { isUserError } from "../../lib/errors.ts";
import { type Qubo, quboEnergy } from "../../lib/qubo.ts";
import { quboArtifact, readCooJson, writeCooJson, writeQbsolv } from "../../lib/qubo_format.ts";

function userError(message: string | RegExp): (error: unknown) => boolean {
  return (error) => {
    if (
      isUserError(error) &&
      (typeof message === "string" ? error.message === message : message.test(error.message))
    ) {
      return true;
    }
    throw new Error(`expected UserError ${message}, got ${String(error)}`);
  };
}

/** n = 6 QUBO whose unique ground state is 101101: each bit pulled to its target. */
function planted(): { qubo: Qubo; ground: number[]; energy: number } {
  const n = 6;
  const ground = [1, 0, 1, 1, 0, 1];
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = ground[i] ? -2 - i : 1 + i;
  // Weak couplings that do not move the ground state.
  q[0 * n + 1] = q[1 * n + 0] = 0.25;
  q[2 * n + 5] = q[5 * n + 2] = -0.125;
  const qubo = { n, q, offset: 0.5 };
  return { qubo, ground, energy: quboEnergy(qubo, Uint8Array.from(ground)) };
}

async function run(args: string[], cacheDir = ".cache") {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerQuboCommand(program, { cacheDir, out: (text) => lines.push(text) });
  await program.parseAsync(args, { from: "user" });
  return lines;
}

Deno.test("qubo export writes a cached QUBO as qbsolv text or JSON COO", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const cache = await openCache(dir, { durable: false });
  const { qubo } = planted();
  const spec = { stage: "qubo", version: 1, params: { classIndex: 3 }, upstream: {} };
  const { key } = await cache.getOrCompute(
    spec,
    () => Promise.resolve(quboArtifact(qubo, { classIndex: 3 })),
  );
  const text = await run(["qubo", "export", key.slice(0, 10), "--cache-dir", dir]);
  assert.deepEqual(text, [
    writeQbsolv(qubo, [`qubo-cnn cache entry ${key}`, 'meta {"classIndex":3,"n":6,"offset":0.5}'])
      .slice(0, -1),
  ]);
  const file = join(dir, "out.json");
  assert.deepEqual(await run(["qubo", "export", key, "-o", file], dir), [
    `wrote ${file} (json): n = 6 variables, 2 couplers`,
  ]);
  assert.equal(await Deno.readTextFile(file), writeCooJson(qubo));
  const back = readCooJson(await Deno.readTextFile(file), file);
  assert.deepEqual(back.q, qubo.q);
  // --format wins over the extension.
  const forced = join(dir, "out.json.txt");
  await run(["qubo", "export", key, "-o", forced, "--format", "json"], dir);
  assert.equal(await Deno.readTextFile(forced), writeCooJson(qubo));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("qubo export: unknown, ambiguous and non-QUBO keys are clear errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const cache = await openCache(dir, { durable: false });
  // 17 entries: two of them share a first hex digit.
  const keys: string[] = [];
  for (let i = 0; i < 17; i++) {
    const { key } = await cache.getOrCompute(
      { stage: "gram", version: 1, params: { i }, upstream: {} },
      () => Promise.resolve({ meta: {}, arrays: {} }),
    );
    keys.push(key);
  }
  const digit = [...keys].sort().find((k, i, all) => all[i + 1]?.[0] === k[0])![0];
  await assert.rejects(
    () => run(["qubo", "export", digit], dir),
    userError(
      new RegExp(
        `^Key prefix "${digit}" matches \\d+ entries in cache ${dir} \\(.+\\.\\.\\.\\): give more digits\\.$`,
      ),
    ),
  );
  await assert.rejects(
    () => run(["qubo", "export", "zz"], dir),
    userError(`No entry in cache ${dir} has a key starting with "zz": list them with: cache ls.`),
  );
  await assert.rejects(
    () => run(["qubo", "export", keys[0]], dir),
    userError(
      `Cache entry ${
        keys[0].slice(0, 12)
      } is a "gram" artifact, not a QUBO: export an entry of stage "class-qubo" or "qubo" (see: cache ls).`,
    ),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("qubo solve imports a file and prints the best energy and bits", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-qubo-" });
  const { qubo, ground, energy } = planted();
  const qbsolv = join(dir, "p.qubo");
  const json = join(dir, "p.json");
  await Deno.writeTextFile(qbsolv, writeQbsolv(qubo));
  await Deno.writeTextFile(json, writeCooJson(qubo));
  const exact = await run(["qubo", "solve", qbsolv, "--sampler", "exact"]);
  assert.deepEqual(exact.filter((l) => !l.startsWith("sampler:")), [
    `problem: ${qbsolv}, n = 6 variables, 2 couplers, offset 0.5`,
    `best energy: ${energy} (1 of 1 reads reached it)`,
    `bits: ${ground.join("")}`,
  ]);
  assert.match(exact[1], /^sampler: exact, 1 reads in \d+\.\d{3} s$/);
  const sa = await run([
    "qubo",
    "solve",
    json,
    "--sampler",
    "sa",
    "--param",
    "numReads=4",
    "seed=7",
    "--param",
    "numSweeps=200",
  ]);
  assert.match(
    sa[1],
    /^sampler: sa, 4 reads in \d+\.\d{3} s, beta range \[[\d.e+-]+, [\d.e+-]+\]$/,
  );
  assert.equal(sa[2], `best energy: ${energy} (4 of 4 reads reached it)`);
  assert.equal(sa[3], `bits: ${ground.join("")}`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("qubo solve: bad params and files are clear errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-qubo-" });
  const file = join(dir, "p.qubo");
  await Deno.writeTextFile(file, writeQbsolv(planted().qubo));
  await assert.rejects(
    () => run(["qubo", "solve", file, "--param", "numReads"]),
    userError('--param "numReads" must be name=value, e.g. --param numReads=20.'),
  );
  await assert.rejects(
    () => run(["qubo", "solve", file, "--param", "seed=1", "seed=2"]),
    userError("--param seed is given twice: give each parameter once."),
  );
  // The sampler validates its own parameters.
  await assert.rejects(
    () => run(["qubo", "solve", file, "--sampler", "exact", "--param", "sweeps=3"]),
    userError(/sweeps/),
  );
  await Deno.writeTextFile(file, "p qubo 0 2 1 0\n0 0 x\n");
  await assert.rejects(
    () => run(["qubo", "solve", file]),
    userError(`${file}:2: "x" is not a finite number.`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("parseSamplerParams reads JSON values and keeps other text as strings", () => {
  assert.deepEqual(
    parseSamplerParams([
      "numReads=20",
      "betaRange=[0.1, 10]",
      "randomizeOrder=true",
      "betaScheduleType=geometric",
      "x= 1.5 ",
    ]),
    {
      numReads: 20,
      betaRange: [0.1, 10],
      randomizeOrder: true,
      betaScheduleType: "geometric",
      x: 1.5,
    },
  );
});
