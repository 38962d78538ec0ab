/**
 * Every reader of user files, fed random and truncated bytes (issue 14): the YAML pipeline,
 * qbsolv, COO JSON, BQM, IDX, gzip, tar, zip, CIFAR-10 batches, the digits CSV, the EMNIST
 * mapping and dwave.conf. Each input must give a valid result or a UserError whose message
 * names the file; never another error type, never longer than a time bound, and a header that
 * declares more than the file holds must not cost more memory than the file.
 *
 * Inputs are mutations of a valid file of each format (truncation, byte changes, insertions)
 * and plain random bytes, from a fixed fast-check seed so a failure reproduces.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { isUserError } from "../../lib/errors.ts";
import { decodeCifarBatch, readCifar10 } from "../../lib/datasets/cifar10.ts";
import { parseDigitsCsv } from "../../lib/datasets/digits.ts";
import { parseEmnistMapping } from "../../lib/datasets/emnist.ts";
import { readIdx } from "../../lib/datasets/idx.ts";
import { readTar } from "../../lib/datasets/tar.ts";
import { readVerified } from "../../lib/datasets/verify.ts";
import { ZipArchive } from "../../lib/datasets/zip.ts";
import { parsePipeline, pipelineText } from "../../lib/pipeline/load.ts";
import { readQuboBytes, writeBqm, writeCooJson, writeQbsolv } from "../../lib/qubo_format.ts";
import { loadDwaveConfig } from "../../samplers/dwave/config.ts";
import { gzip, idx, tar, zip } from "../fixtures/formats.ts";

/** Longest any reader may take on one of these small inputs. */
const BOUND_MS = 3000;
const RUNS = 200;
const SEED = 14;

const stream = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Runs `read`; passes on a result or a UserError naming `file`, fails on anything else. */
async function accepts(file: string, read: () => unknown): Promise<void> {
  const started = performance.now();
  try {
    await read();
  } catch (error) {
    if (!isUserError(error)) {
      throw new Error(`reading ${file} threw ${String(error)}, not a UserError`);
    }
    assert.ok(error.message.includes(file), `the message does not name ${file}: ${error.message}`);
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < BOUND_MS, `reading ${file} took ${elapsed.toFixed(0)} ms`);
}

/** Truncations, byte changes, insertions of `seed`, and plain random bytes. */
function mutations(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const at = fc.nat({ max: Math.max(0, seed.length - 1) });
  return fc.oneof(
    fc.nat({ max: seed.length }).map((n) => seed.slice(0, n)),
    fc.array(fc.tuple(at, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
      .map((changes) => {
        const out = seed.slice();
        for (const [i, v] of changes) out[i] = v;
        return out;
      }),
    fc.tuple(at, fc.uint8Array({ minLength: 1, maxLength: 24 })).map(([i, extra]) => {
      const out = new Uint8Array(seed.length + extra.length);
      out.set(seed.subarray(0, i));
      out.set(extra, i);
      out.set(seed.subarray(i), i + extra.length);
      return out;
    }),
    fc.uint8Array({ maxLength: 400 }),
  );
}

async function property(
  seed: Uint8Array,
  check: (bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  await check(seed); // the valid file itself is read
  await fc.assert(fc.asyncProperty(mutations(seed), check), { numRuns: RUNS, seed: SEED });
}

const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-readers-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

/** Writes `bytes` to a fresh file named `name` and returns its path. */
let serial = 0;
async function onDisk(name: string, bytes: Uint8Array): Promise<string> {
  const path = `${dir}/${serial++}-${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

const smallQubo = {
  n: 3,
  q: Float64Array.of(1.5, -0.25, 0, -0.25, 2, 0.1, 0, 0.1, -3),
  offset: 0.5,
};
const image = Uint8Array.from({ length: 3 * 4 * 4 }, (_, i) => (i * 37) % 256);

Deno.test("property: YAML pipelines", async () => {
  const seed = await Deno.readFile("pipelines/digits.yaml");
  await property(
    seed,
    (bytes) => accepts("p.yaml", () => parsePipeline(pipelineText(bytes, "p.yaml"), "p.yaml")),
  );
});

Deno.test("property: qbsolv, COO JSON and BQM QUBO files", async () => {
  const encoder = new TextEncoder();
  await property(
    encoder.encode(writeQbsolv(smallQubo)),
    (bytes) => accepts("f.qubo", () => readQuboBytes(bytes, "f.qubo", "qbsolv")),
  );
  await property(
    encoder.encode(writeCooJson(smallQubo)),
    (bytes) => accepts("f.json", () => readQuboBytes(bytes, "f.json", "json")),
  );
  await property(
    writeBqm(smallQubo),
    (bytes) => accepts("f.bqm", () => readQuboBytes(bytes, "f.bqm", "bqm")),
  );
});

Deno.test("property: IDX files, plain and gzipped (checked while read)", async () => {
  const plain = idx([3, 4, 4], image);
  await property(plain, (bytes) => accepts("f.idx", () => readIdx(stream(bytes), "f.idx")));
  await property(await gzip(plain), async (bytes) => {
    const path = await onDisk("f.idx.gz", bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    await accepts(path, () =>
      readVerified(
        path,
        { sha256, kind: "file", origin: "the test" },
        { env: { XDG_CACHE_HOME: `${dir}/xdg` }, dataset: "x" },
        (s) => readIdx(s, path),
      ));
    await Deno.remove(path);
  });
});

Deno.test("property: tar archives and CIFAR-10 batches", async () => {
  const record = (label: number) =>
    Uint8Array.from({ length: 3073 }, (_, i) => i === 0 ? label : (i * 7) % 256);
  const batches = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"]
    .map((name, i) => ({ path: `cifar-10-batches-bin/${name}.bin`, bytes: record(i) }));
  const archive = tar([
    ...batches,
    { path: "cifar-10-batches-bin/test_batch.bin", bytes: record(9) },
    {
      path: "cifar-10-batches-bin/batches.meta.txt",
      bytes: new TextEncoder().encode("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"),
    },
  ]);
  await property(
    archive,
    (bytes) => accepts("f.tar", () => readTar(stream(bytes), "f.tar", () => true, () => {})),
  );
  await property(
    archive,
    (bytes) => accepts("c.tar", () => readCifar10(stream(bytes), "c.tar", "gray")),
  );
  await property(
    record(3),
    (bytes) => accepts("b.bin", () => decodeCifarBatch(bytes, "b.bin", "rgb")),
  );
});

Deno.test("property: zip archives (directory, members, CRC)", async () => {
  const archive = await zip([
    {
      path: "gzip/emnist-x-mapping.txt",
      bytes: new TextEncoder().encode("0 48\n1 49\n"),
      deflate: true,
    },
    {
      path: "gzip/emnist-x-labels.gz",
      bytes: await gzip(idx([2], Uint8Array.of(0, 1))),
      deflate: false,
    },
  ]);
  await property(archive, async (bytes) => {
    const path = await onDisk("f.zip", bytes);
    await accepts(path, async () => {
      const z = await ZipArchive.open(path);
      try {
        for (const name of z.entries.keys()) await new Response(await z.stream(name)).arrayBuffer();
      } finally {
        z.close();
      }
    });
    await Deno.remove(path);
  });
});

Deno.test("property: digits CSV, EMNIST mapping and dwave.conf text", async () => {
  const row = Array.from({ length: 64 }, (_, i) => i % 17).join(",") + ",3";
  await property(
    new TextEncoder().encode(`${row}\n${row}\n`),
    (bytes) => accepts("d.csv", () => parseDigitsCsv(text(bytes), "d.csv")),
  );
  await property(
    new TextEncoder().encode("0 48\n1 49\n2 50\n"),
    (bytes) => accepts("m.txt", () => parseEmnistMapping(text(bytes), "m.txt")),
  );
  // Found by this test (seed 1): a char code past U+10FFFF was a RangeError.
  assert.throws(
    () => parseEmnistMapping("0 400000000\n", "m.txt"),
    (e: Error) =>
      isUserError(e) && e.message.startsWith('EMNIST mapping file m.txt line 1 is "0 400000000"'),
  );
  const conf =
    "[defaults]\ntoken = DEV-abc\n\n[prod]\nendpoint = https://cloud.dwavesys.com/sapi/\n" +
    "request_timeout = 60\npolling_timeout = 5\n";
  await property(
    new TextEncoder().encode(conf),
    (bytes) =>
      accepts("dwave.conf", () =>
        loadDwaveConfig({}, {
          env: { DWAVE_CONFIG_FILE: "dwave.conf" },
          readTextFile: () => text(bytes),
        })),
  );
});

Deno.test("a header declaring far more than the file holds costs no more memory than the file", async () => {
  // An IDX header claiming 2^31 images of 1 byte, and a tar entry claiming 8 GB: both 1 kB files.
  const idxBomb = idx([2 ** 31], new Uint8Array(1000));
  const tarBomb = tar([{ path: "data_batch_1.bin", bytes: new Uint8Array(1000) }]);
  tarBomb.set(new TextEncoder().encode("77777777777\0"), 124); // size field: 8 GiB
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : tarBomb[i];
  tarBomb.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  const before = Deno.memoryUsage().external;
  await assert.rejects(
    () => readIdx(stream(idxBomb), "bomb.idx"),
    (e: Error) =>
      isUserError(e) &&
      e.message ===
        "IDX file bomb.idx is truncated: its header (2147483648) promises 2147483648 data bytes but it holds 1000; replace it with a complete copy.",
  );
  await assert.rejects(
    () => readTar(stream(tarBomb), "bomb.tar", () => true, () => {}),
    (e: Error) =>
      isUserError(e) &&
      /^Tar archive bomb\.tar is truncated: entry data_batch_1\.bin should hold 8589934591 bytes but only \d+ follow/
        .test(e.message),
  );
  const grown = Deno.memoryUsage().external - before;
  assert.ok(grown < 32e6, `external memory grew by ${grown} bytes`);
});
