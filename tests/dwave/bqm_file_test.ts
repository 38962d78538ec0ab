import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert";
import {
  BqmFormatError,
  bqmModelToQubo,
  decodeBqmFile,
  encodeBqmFile,
} from "../../samplers/dwave/bqm_file.ts";
import { combineChecksum, md5, splitParts, toHex } from "../../samplers/dwave/checksums.ts";
import { makeQubo, quboEnergy } from "../../lib/qubo.ts";

/** Bytes of a hex dump as printed in SAPI.md section 3.5.4 ("0000: 44 49 ..."). */
function fromDump(dump: string): Uint8Array {
  const hex = dump.trim().split("\n").flatMap((line) => line.split(":")[1].trim().split(/\s+/));
  return Uint8Array.from(hex, (h) => parseInt(h, 16));
}

const EXAMPLE_A = `
0000: 44 49 4d 4f 44 42 51 4d 02 00 b2 00 00 00 7b 22
0010: 64 74 79 70 65 22 3a 20 22 66 6c 6f 61 74 36 34
0020: 22 2c 20 22 69 74 79 70 65 22 3a 20 22 69 6e 74
0030: 33 32 22 2c 20 22 6e 74 79 70 65 22 3a 20 22 69
0040: 6e 74 33 32 22 2c 20 22 73 68 61 70 65 22 3a 20
0050: 5b 32 2c 20 31 5d 2c 20 22 74 79 70 65 22 3a 20
0060: 22 42 69 6e 61 72 79 51 75 61 64 72 61 74 69 63
0070: 4d 6f 64 65 6c 22 2c 20 22 76 61 72 69 61 62 6c
0080: 65 73 22 3a 20 74 72 75 65 2c 20 22 76 61 72 74
0090: 79 70 65 22 3a 20 22 42 49 4e 41 52 59 22 7d 0a
00a0: 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20
00b0: 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20
00c0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00d0: 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00
00e0: 01 00 00 00 00 00 00 00 00 00 f0 bf 00 00 00 00
00f0: 00 00 00 00 00 00 f0 bf 56 41 52 53 38 00 00 00
0100: 5b 22 78 22 2c 20 22 79 22 5d 20 20 20 20 20 20
0110: 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20
0120: 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20
0130: 20 20 20 20 20 20 20 20`;

const EXAMPLE_B = `
0000: 44 49 4d 4f 44 42 51 4d 02 00 b2 00 00 00 7b 22
0010: 64 74 79 70 65 22 3a 20 22 66 6c 6f 61 74 36 34
0020: 22 2c 20 22 69 74 79 70 65 22 3a 20 22 69 6e 74
0030: 33 32 22 2c 20 22 6e 74 79 70 65 22 3a 20 22 69
0040: 6e 74 33 32 22 2c 20 22 73 68 61 70 65 22 3a 20
0050: 5b 33 2c 20 33 5d 2c 20 22 74 79 70 65 22 3a 20
0060: 22 42 69 6e 61 72 79 51 75 61 64 72 61 74 69 63
0070: 4d 6f 64 65 6c 22 2c 20 22 76 61 72 69 61 62 6c
0080: 65 73 22 3a 20 66 61 6c 73 65 2c 20 22 76 61 72
0090: 74 79 70 65 22 3a 20 22 42 49 4e 41 52 59 22 7d
00a0: 0a 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20
00b0: 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20
00c0: 00 00 00 00 00 00 e8 3f 00 00 00 00 00 00 00 00
00d0: 00 00 f0 bf 02 00 00 00 00 00 00 00 00 00 00 40
00e0: 04 00 00 00 00 00 00 00 00 00 e0 3f 01 00 00 00
00f0: 00 00 00 00 00 00 f8 3f 02 00 00 00 00 00 00 00
0100: 00 00 00 c0 00 00 00 00 00 00 00 00 00 00 f8 3f
0110: 02 00 00 00 00 00 00 00 00 00 d0 3f 00 00 00 00
0120: 00 00 00 00 00 00 00 c0 01 00 00 00 00 00 00 00
0130: 00 00 d0 3f`;

// E = -x y as a symmetric QUBO: the coupling is 2 Q[0][1] = -1.
const quboA = makeQubo(2, Float64Array.from([0, -0.5, -0.5, 0]));
// Q = {(0,0): -1, (1,1): 2, (2,2): 0.5, (0,1): 1.5, (0,2): -2, (1,2): 0.25}, offset 0.75.
const quboB = makeQubo(
  3,
  Float64Array.from([-1, 0.75, -1, 0.75, 2, 0.125, -1, 0.125, 0.5]),
  0.75,
);

Deno.test("BQM file of the published 2-variable example is byte-exact with D-Wave's checksums", () => {
  const bytes = encodeBqmFile(quboA, ["x", "y"]);
  assertEquals(bytes.length, 312);
  assertEquals(toHex(bytes), toHex(fromDump(EXAMPLE_A)));
  const parts = splitParts(bytes);
  assertEquals(parts.length, 1);
  assertEquals(parts[0].contentMd5, "mkDiHuw5xZD3ocYSikE4nw==");
  assertEquals(parts[0].hex, "9a40e21eec39c590f7a1c6128a41389f");
  assertEquals(combineChecksum([parts[0].digest]), "baf79ab99e269f7fda21e927b33345e9");
  // The same bytes as two parts (split anywhere: the rule only uses the digests).
  const two = splitParts(bytes, 200);
  assertEquals(two.length, 2);
  assertEquals(two.map((p) => p.bytes.length), [200, 112]);
  const asTwoParts = combineChecksum([md5(bytes), md5(bytes)]);
  assertEquals(asTwoParts, "65e5a89d30c855758d71844a927a8133");
});

Deno.test("BQM file of an index-labelled QUBO with offset is byte-exact", () => {
  const bytes = encodeBqmFile(quboB);
  assertEquals(bytes.length, 308);
  assertEquals(toHex(bytes), toHex(fromDump(EXAMPLE_B)));
  const [part] = splitParts(bytes);
  assertEquals(part.contentMd5, "yCwO4zD7ZDilUOtpuvDrdA==");
  assertEquals(combineChecksum([part.digest]), "19f4e70146e4b5ec0acf5e4799075066");
});

Deno.test("decodeBqmFile reads both examples back to the same energies", () => {
  const a = decodeBqmFile(fromDump(EXAMPLE_A));
  assertEquals(a.labels, ["x", "y"]);
  const back = bqmModelToQubo(decodeBqmFile(fromDump(EXAMPLE_B)));
  for (let code = 0; code < 8; code++) {
    const bits = Uint8Array.from([code & 1, (code >> 1) & 1, (code >> 2) & 1]);
    assertEquals(quboEnergy(back, bits), quboEnergy(quboB, bits));
  }
  assertEquals(quboEnergy(bqmModelToQubo(a), Uint8Array.from([1, 1])), -1);
});

Deno.test("decodeBqmFile refuses truncated or foreign files", () => {
  const bytes = encodeBqmFile(quboB);
  assertThrows(() => decodeBqmFile(bytes.subarray(0, 250)), BqmFormatError);
  const bad = bytes.slice();
  bad[0] = 0x58;
  assertThrows(() => decodeBqmFile(bad), BqmFormatError);
});

Deno.test("splitParts cuts 5 MiB parts and keeps the last short", () => {
  const bytes = new Uint8Array(5 * 1024 * 1024 * 2 + 10);
  const parts = splitParts(bytes);
  assertEquals(parts.map((p) => [p.number, p.bytes.length]), [
    [1, 5242880],
    [2, 5242880],
    [3, 10],
  ]);
});
