import assert from "node:assert/strict";
import { sha256Hex, stageKey } from "../../lib/cache/canonical.ts";
import {
  CorruptEntryError,
  decodeEntry,
  encodeEntry,
  PREFIX_BYTES,
} from "../../lib/cache/entry_format.ts";
import type { StageSpec } from "../../lib/cache/types.ts";
import { toHex } from "../../lib/cache/canonical.ts";

const SPEC: StageSpec = { stage: "qubo", version: 3, params: { bits: 2 }, upstream: {} };

Deno.test("entry format: prefix, header and 8-byte-aligned little-endian arrays", async () => {
  const key = await stageKey(SPEC);
  const created = new Date("2026-03-01T12:00:00.000Z");
  const bytes = await encodeEntry(key, SPEC, {
    meta: { n: 2, offset: -1.5 },
    arrays: { b: Uint8Array.of(7, 8, 9), q: Float64Array.of(1, 0.5, 0.5, -2) },
  }, created);
  const view = new DataView(bytes.buffer);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), "QCNN-ART");
  assert.equal(view.getUint32(8, true), 1);
  const headerLength = view.getUint32(12, true);
  const header = new TextDecoder().decode(bytes.subarray(48, 48 + headerLength));
  assert.equal(
    header,
    `{"arrays":[{"name":"b","dtype":"uint8","length":3,"offset":0},` +
      `{"name":"q","dtype":"float64","length":4,"offset":8}],"created":"2026-03-01T12:00:00.000Z",` +
      `"key":"${key}","meta":{"n":2,"offset":-1.5},"payloadBytes":40,` +
      `"spec":{"params":{"bits":2},"stage":"qubo","upstream":{},"version":3}}`,
  );
  const payload = PREFIX_BYTES + Math.ceil(headerLength / 8) * 8;
  // Header padding is spaces; the array padding is zeros.
  assert.ok(bytes.subarray(48 + headerLength, payload).every((c) => c === 0x20));
  assert.equal(bytes.length, payload + 40);
  assert.deepEqual([...bytes.subarray(payload, payload + 8)], [7, 8, 9, 0, 0, 0, 0, 0]);
  assert.equal(view.getFloat64(payload + 8, true), 1);
  assert.equal(view.getFloat64(payload + 16, true), 0.5);
  assert.equal(view.getFloat64(payload + 32, true), -2);
  assert.equal(toHex(bytes.subarray(16, 48)), await sha256Hex(bytes.subarray(48)));

  const decoded = await decodeEntry(bytes, key);
  assert.equal(decoded.header.created, "2026-03-01T12:00:00.000Z");
  assert.deepEqual(decoded.artifact.meta, { n: 2, offset: -1.5 });
  assert.deepEqual([...decoded.artifact.arrays.q], [1, 0.5, 0.5, -2]);
  assert.ok(decoded.artifact.arrays.q instanceof Float64Array);
  // Aligned arrays are views on the file bytes, not copies.
  assert.equal(decoded.artifact.arrays.q.buffer, bytes.buffer);
});

Deno.test("entry format: every single-bit flip anywhere is detected", async () => {
  const key = await stageKey(SPEC);
  const bytes = await encodeEntry(key, SPEC, {
    meta: { n: 1 },
    arrays: { q: Float64Array.of(3) },
  });
  for (let i = 0; i < bytes.length; i++) {
    const copy = bytes.slice();
    copy[i] ^= 0x10;
    await assert.rejects(() => decodeEntry(copy, key), CorruptEntryError, `byte ${i}`);
  }
});

Deno.test("entry format: an array named __proto__ stays an ordinary array", async () => {
  const key = await stageKey(SPEC);
  const arrays = Object.fromEntries([["__proto__", Float64Array.of(1, 2)]]);
  const decoded = await decodeEntry(await encodeEntry(key, SPEC, { meta: null, arrays }), key);
  assert.deepEqual(Object.keys(decoded.artifact.arrays), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(decoded.artifact.arrays), Object.prototype);
});

Deno.test("entry format: an unsupported array type is refused when storing", async () => {
  const key = await stageKey(SPEC);
  await assert.rejects(
    () =>
      encodeEntry(key, SPEC, {
        meta: null,
        arrays: { x: new Int8Array(2) as unknown as Uint8Array },
      }),
    {
      name: "TypeError",
      message:
        'Artifact array "x" is an Int8Array; store Float64Array, Float32Array, Int32Array, ' +
        "Uint32Array, Uint16Array or Uint8Array.",
    },
  );
});
