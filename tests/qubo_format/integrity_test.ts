/**
 * QUBO files at every size and every mistake (issues 14 and 15): exports and imports round trip
 * exactly at n = 2,900 in all three formats; a file declaring more than it holds, a repeated
 * JSON key, UTF-16 text and a broken BQM are one sentence naming the file; `qubo export
 * --format bqm` writes dimod's file and `qubo solve` reads it back.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Command } from "commander";
import { registerQuboCommand } from "../../cli/qubo.ts";
import { openCache } from "../../lib/cache/store.ts";
import { isUserError } from "../../lib/errors.ts";
import type { Qubo } from "../../lib/qubo.ts";
import {
  quboArtifact,
  readBqm,
  readCooJson,
  readQbsolv,
  readQuboFile,
  writeBqm,
  writeCooJson,
  writeQbsolv,
} from "../../lib/qubo_format.ts";
import { encodeBqmFile } from "../../samplers/dwave/bqm_file.ts";

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

/** n = 2,900 (MNIST at K = 20) with a band of 100 couplers per row: 284,950 couplers. */
function bandQubo(n: number, band: number): Qubo {
  const q = new Float64Array(n * n);
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648 - 0.5) * 2 ** 20; // K = 20 scale, with a fraction
  };
  for (let i = 0; i < n; i++) {
    q[i * n + i] = next();
    for (let j = i + 1; j < Math.min(n, i + 1 + band); j++) {
      const v = next() / 3;
      q[i * n + j] = v;
      q[j * n + i] = v;
    }
  }
  return { n, q, offset: -1234.5678 };
}

Deno.test("export and import round trip exactly at n = 2,900 in qbsolv, JSON and BQM", () => {
  const qubo = bandQubo(2900, 100);
  const qbsolv = writeQbsolv(qubo, ["a comment"]);
  assert.equal(qbsolv.split("\n")[3], "p qubo 0 2900 2900 284950");
  const fromQbsolv = readQbsolv(qbsolv, "x.qubo");
  const fromJson = readCooJson(writeCooJson(qubo), "x.json");
  const fromBqm = readBqm(writeBqm(qubo), "x.bqm");
  for (const back of [fromQbsolv, fromJson, fromBqm]) {
    assert.equal(back.n, 2900);
    assert.equal(back.offset, qubo.offset);
    assert.ok(back.q.every((v, i) => v === qubo.q[i]), "every coefficient exact");
  }
});

Deno.test("a qbsolv file declaring more than it holds is refused without allocating", () => {
  // 20 bytes declaring n = 16,384 (a 2 GiB dense matrix): refused at once.
  const started = performance.now();
  assert.throws(
    () => readQbsolv("p qubo 0 16384 0 0\n", "tiny.qubo"),
    userError(
      "tiny.qubo:1: the program line declares maxNodes 16384 but the file has no node or coupler lines: add them, or set maxNodes to 0.",
    ),
  );
  assert.throws(
    () => readQbsolv("p qubo 0 16384 1 1\n0 0 1\n0 7 2\n", "short.qubo"),
    userError(
      "short.qubo:1: the program line declares maxNodes 16384 but the highest node any line names is 7: set maxNodes to 8, the number of variables the file uses.",
    ),
  );
  assert.throws(
    () => readQbsolv("p qubo 0 4 4 0\n0 0 1\n1 1 1\n", "cut.qubo"),
    userError(
      "cut.qubo:1: the program line declares 4 nodes and 0 couplers, but the file has 2 and 0: the file is incomplete or its program line is wrong.",
    ),
  );
  assert.ok(performance.now() - started < 1000);
});

Deno.test("a JSON QUBO with a repeated key is an error, not the last value winning", () => {
  const text = '{"format":"qubo-coo","version":1,"n":2,"n":3,"linear":[[0,1]]}';
  assert.throws(
    () => readCooJson(text, "dup.json"),
    userError('dup.json: the key "n" is given twice: give each field once.'),
  );
  // Keys inside terms or strings do not count.
  const ok = readCooJson('{"format":"qubo-coo","version":1,"n":2,"linear":[[0,1],[1,1]]}', "f");
  assert.equal(ok.n, 2);
});

Deno.test("UTF-16 and non-UTF-8 QUBO files say so instead of a parse error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-qubo-" });
  const text = writeQbsolv({ n: 1, q: Float64Array.of(2), offset: 0 });
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
  await Deno.writeFile(join(dir, "u16.qubo"), utf16);
  await assert.rejects(
    () => readQuboFile(join(dir, "u16.qubo")),
    userError(
      `QUBO file "${dir}/u16.qubo" is UTF-16 text; save it as UTF-8 (or plain ASCII) and try again.`,
    ),
  );
  await Deno.writeFile(join(dir, "latin1.qubo"), Uint8Array.of(0x63, 0x20, 0xe9, 0x0a));
  await assert.rejects(
    () => readQuboFile(join(dir, "latin1.qubo")),
    userError(
      `QUBO file "${dir}/latin1.qubo" is not UTF-8 text (nor a dimod BQM file); give a qbsolv .qubo, JSON COO or .bqm file.`,
    ),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a broken or SPIN BQM file is one sentence naming the file", () => {
  const bytes = writeBqm({ n: 2, q: Float64Array.of(1, 0.5, 0.5, -1), offset: 0 });
  assert.throws(
    () => readBqm(bytes.subarray(0, bytes.length - 5), "cut.bqm"),
    userError(
      "cut.bqm: not a valid dimod BQM file (truncated body): write it with dimod's BinaryQuadraticModel.to_file() or qubo export --format bqm.",
    ),
  );
  const spin = bytes.slice();
  const at = new TextDecoder().decode(bytes.subarray(0, 200)).indexOf('"BINARY"}');
  spin.set(new TextEncoder().encode('"SPIN"}  '), at);
  assert.throws(
    () => readBqm(spin, "spin.bqm"),
    userError(
      'spin.bqm: the BQM is a SPIN model; convert it first with bqm.change_vartype("BINARY") in dimod.',
    ),
  );
});

async function run(args: string[], cacheDir: string) {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerQuboCommand(program, { cacheDir, out: (text) => lines.push(text) });
  await program.parseAsync(args, { from: "user" });
  return lines;
}

Deno.test("qubo export --format bqm writes dimod's file; qubo solve reads it back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-cache-" });
  const cache = await openCache(dir, { durable: false });
  const n = 4;
  const q = new Float64Array(n * n);
  [-3, 2, -1, 1].forEach((v, i) => (q[i * n + i] = v));
  q[0 * n + 2] = q[2 * n + 0] = 0.75;
  const qubo = { n, q, offset: 0.25 };
  const { key } = await cache.getOrCompute(
    { stage: "qubo", version: 1, params: {}, upstream: {} },
    () => Promise.resolve(quboArtifact(qubo)),
  );
  const file = join(dir, "class.bqm");
  assert.deepEqual(await run(["qubo", "export", key, "-o", file], dir), [
    `wrote ${file} (bqm): n = 4 variables, 1 couplers`,
  ]);
  assert.deepEqual(await Deno.readFile(file), encodeBqmFile(qubo));
  assert.equal(new TextDecoder().decode((await Deno.readFile(file)).subarray(0, 8)), "DIMODBQM");
  await assert.rejects(
    () => run(["qubo", "export", key, "--format", "bqm"], dir),
    userError(
      "A BQM file is binary, not text for the terminal: give the file to write with -o, e.g. -o class.bqm.",
    ),
  );
  const solved = await run(["qubo", "solve", file, "--sampler", "exact"], dir);
  // Ground state 1000: -3 + 0.25 (1010 pays the coupler: -3 - 1 + 2 x 0.75 + 0.25 = -2.25).
  assert.equal(solved[0], `problem: ${file}, n = 4 variables, 1 couplers, offset 0.25`);
  assert.equal(solved[2], "best energy: -2.75 (1 of 1 reads reached it)");
  assert.equal(solved[3], "bits: 1000");
  // Detected by its magic whatever the name.
  await Deno.copyFile(file, join(dir, "renamed.dat"));
  assert.equal((await readQuboFile(join(dir, "renamed.dat"))).offset, 0.25);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a JSON QUBO declaring a large n its terms do not reach is refused", () => {
  const doc = (n: number, linear: string) =>
    `{"format":"qubo-coo","version":1,"n":${n},"linear":[${linear}]}`;
  assert.throws(
    () => readCooJson(doc(16384, ""), "big.json"),
    userError(
      'big.json: "n" is 16384 but no term names a variable above -1, so the file holds far less than it declares: set "n" to 0, or give variable 16383 a linear term (0 if it has none).',
    ),
  );
  assert.throws(
    () => readCooJson(doc(16384, "[5, 1]"), "big.json"),
    userError(
      'big.json: "n" is 16384 but no term names a variable above 5, so the file holds far less than it declares: set "n" to 6, or give variable 16383 a linear term (0 if it has none).',
    ),
  );
  // Backed by its last variable, a large n is fine; a small unbacked one too.
  assert.equal(readCooJson(doc(4000, "[3999, 0]"), "ok.json").n, 4000);
  assert.equal(readCooJson(doc(100, ""), "ok.json").n, 100);
  // Our own export of a large all-zero QUBO writes its last variable, so it reads back.
  const zeros = { n: 3000, q: new Float64Array(3000 * 3000), offset: 0 };
  const back = readCooJson(writeCooJson(zeros), "zeros.json");
  assert.equal(back.n, 3000);
  assert.ok(back.q.every((v) => v === 0));
});
