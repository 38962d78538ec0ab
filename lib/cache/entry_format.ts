/**
 * The byte layout of one cache entry file (`<dir>/<key[0..2]>/<key>.art`).
 *
 *   offset  size  content
 *   0       8     magic "QCNN-ART"
 *   8       4     format version, u32 little-endian (1)
 *   12      4     header length H in bytes, u32 little-endian
 *   16      32    SHA-256 of every byte from offset 48 to the end (header and payload)
 *   48      H     header: UTF-8 JSON {arrays, created, key, meta, payloadBytes, spec},
 *                 padded with spaces to a multiple of 8 bytes
 *   P       ...   payload: the arrays, little-endian, each at an 8-byte-aligned offset
 *                 (header.arrays[i].offset, relative to P = 48 + H rounded up to 8)
 *
 * One hash covers header and payload, so a flipped byte anywhere after the prefix, a
 * truncated file or a garbage header is detected before anything is returned.
 */
import { canonicalJson, canonicalSpec, sha256Bytes, toHex } from "./canonical.ts";
import type { Artifact, ArtifactArray, StageSpec } from "./types.ts";

/** The 8 magic bytes every entry starts with. */
export const ENTRY_MAGIC = "QCNN-ART";
/** The entry format version this code writes and reads. */
export const ENTRY_FORMAT_VERSION = 1;
/** Bytes before the header JSON. */
export const PREFIX_BYTES = 48;

/** Element types an entry can hold, by the name stored in the header. */
export const DTYPES = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
} as const;

/** Name of an element type in the header. */
export type Dtype = keyof typeof DTYPES;

/** Where one array lies in the payload. */
export interface ArrayDescriptor {
  readonly name: string;
  readonly dtype: Dtype;
  /** Number of elements. */
  readonly length: number;
  /** Byte offset from the start of the payload (a multiple of 8). */
  readonly offset: number;
}

/** The JSON header of an entry. */
export interface EntryHeader {
  readonly key: string;
  readonly spec: StageSpec;
  readonly meta: unknown;
  readonly arrays: readonly ArrayDescriptor[];
  readonly payloadBytes: number;
  /** ISO time the entry was written. */
  readonly created: string;
}

/** A decoded entry. */
export interface DecodedEntry {
  readonly header: EntryHeader;
  readonly artifact: Artifact;
}

/** Thrown when bytes are not a valid entry; `reason` says what is wrong, for reports. */
export class CorruptEntryError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "CorruptEntryError";
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAGIC_BYTES = new TextEncoder().encode(ENTRY_MAGIC);

function dtypeOf(array: ArtifactArray, name: string): Dtype {
  for (const [dtype, ctor] of Object.entries(DTYPES)) {
    if (array instanceof ctor) return dtype as Dtype;
  }
  const kind = (array as object)?.constructor?.name ?? typeof array;
  throw new TypeError(
    `Artifact array "${name}" is ${
      /^[aeiou]/i.test(kind) ? "an" : "a"
    } ${kind}; store Float64Array, Float32Array, Int32Array, ` +
      `Uint32Array, Uint16Array or Uint8Array.`,
  );
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function checkLittleEndian(): void {
  if (!LITTLE_ENDIAN) {
    throw new Error(
      "The artifact cache stores little-endian arrays and needs a little-endian CPU.",
    );
  }
}

/**
 * Encodes an artifact as entry bytes (without writing anything).
 * @throws UserError when meta is not JSON-only (NaN, undefined in arrays...)
 */
export function encodeEntry(
  key: string,
  spec: StageSpec,
  artifact: Artifact,
  created: Date = new Date(),
): Promise<Uint8Array> {
  // A promise that also carries a synchronous throw (the hashing is synchronous now).
  return new Promise((resolve) => resolve(encodeEntryBytes(key, spec, artifact, created)));
}

function encodeEntryBytes(
  key: string,
  spec: StageSpec,
  artifact: Artifact,
  created: Date,
): Uint8Array {
  checkLittleEndian();
  const arrays: ArrayDescriptor[] = [];
  let payloadBytes = 0;
  for (const [name, array] of Object.entries(artifact.arrays)) {
    const dtype = dtypeOf(array, name);
    arrays.push({ name, dtype, length: array.length, offset: payloadBytes });
    payloadBytes = align8(payloadBytes + array.byteLength);
  }
  const metaJson = artifact.meta === undefined
    ? "null"
    : canonicalJson(artifact.meta, `Stage "${spec.stage}" artifact meta`);
  const headerJson = `{"arrays":${JSON.stringify(arrays)},"created":${
    JSON.stringify(created.toISOString())
  },"key":${JSON.stringify(key)},"meta":${metaJson},"payloadBytes":${payloadBytes},"spec":${
    canonicalSpec(spec)
  }}`;
  const header = new TextEncoder().encode(headerJson);
  const payloadStart = PREFIX_BYTES + align8(header.length);
  const bytes = new Uint8Array(payloadStart + payloadBytes);
  bytes.set(MAGIC_BYTES, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, ENTRY_FORMAT_VERSION, true);
  view.setUint32(12, header.length, true);
  bytes.set(header, PREFIX_BYTES);
  bytes.fill(0x20, PREFIX_BYTES + header.length, payloadStart);
  const names = Object.keys(artifact.arrays);
  arrays.forEach((d, i) => {
    const a = artifact.arrays[names[i]];
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), payloadStart + d.offset);
  });
  bytes.set(sha256Bytes(bytes.subarray(PREFIX_BYTES)), 16);
  return bytes;
}

/** Parses the prefix and header only (no hash check): what `cache ls` needs. */
export function decodeHeader(bytes: Uint8Array): { header: EntryHeader; payloadStart: number } {
  if (bytes.length < PREFIX_BYTES) {
    throw new CorruptEntryError(
      `truncated: ${bytes.length} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`,
    );
  }
  for (let i = 0; i < MAGIC_BYTES.length; i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) {
      throw new CorruptEntryError(`bad magic: the file does not start with "${ENTRY_MAGIC}"`);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== ENTRY_FORMAT_VERSION) {
    throw new CorruptEntryError(
      `entry format version ${version}, this build reads version ${ENTRY_FORMAT_VERSION}`,
    );
  }
  const headerLength = view.getUint32(12, true);
  const payloadStart = PREFIX_BYTES + align8(headerLength);
  if (payloadStart > bytes.length) {
    throw new CorruptEntryError(
      `truncated: the header needs ${payloadStart} bytes, the file has ${bytes.length}`,
    );
  }
  let header: EntryHeader;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(
        bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
      ),
    );
  } catch {
    throw new CorruptEntryError("garbage header: the header is not valid UTF-8 JSON");
  }
  if (
    header === null || typeof header !== "object" || typeof header.key !== "string" ||
    !Number.isSafeInteger(header.payloadBytes) || !Array.isArray(header.arrays) ||
    typeof header.spec?.stage !== "string"
  ) {
    throw new CorruptEntryError("garbage header: fields key, spec, arrays or payloadBytes missing");
  }
  return { header, payloadStart };
}

/**
 * Decodes and verifies entry bytes: magic, version, lengths, the SHA-256 of header and
 * payload, array bounds and (when given) the expected key. Arrays are views on `bytes`
 * when aligned (no copy), so keep `bytes` unshared.
 * @throws CorruptEntryError with the reason
 */
export function decodeEntry(bytes: Uint8Array, expectedKey?: string): Promise<DecodedEntry> {
  return new Promise((resolve) => resolve(decodeEntryBytes(bytes, expectedKey)));
}

function decodeEntryBytes(bytes: Uint8Array, expectedKey?: string): DecodedEntry {
  checkLittleEndian();
  const { header, payloadStart } = decodeHeader(bytes);
  const expectedSize = payloadStart + header.payloadBytes;
  if (bytes.length !== expectedSize) {
    throw new CorruptEntryError(
      `${
        bytes.length < expectedSize ? "truncated" : "too long"
      }: expected ${expectedSize} bytes, the file has ${bytes.length}`,
    );
  }
  const digest = sha256Bytes(bytes.subarray(PREFIX_BYTES));
  const stored = bytes.subarray(16, PREFIX_BYTES);
  for (let i = 0; i < 32; i++) {
    if (digest[i] !== stored[i]) {
      throw new CorruptEntryError(
        `content hash mismatch: stored ${toHex(stored).slice(0, 12)}..., ` +
          `computed ${toHex(digest).slice(0, 12)}...`,
      );
    }
  }
  if (expectedKey !== undefined && header.key !== expectedKey) {
    throw new CorruptEntryError(`the entry holds key ${header.key}, not ${expectedKey}`);
  }
  const arrays: [string, ArtifactArray][] = [];
  for (const d of header.arrays) {
    const ctor = Object.hasOwn(DTYPES, d?.dtype) ? DTYPES[d.dtype] : undefined;
    if (!ctor || !Number.isSafeInteger(d.length) || !Number.isSafeInteger(d.offset)) {
      throw new CorruptEntryError(`garbage header: bad array descriptor ${JSON.stringify(d)}`);
    }
    const size = d.length * ctor.BYTES_PER_ELEMENT;
    if (d.offset < 0 || d.offset % 8 !== 0 || d.offset + size > header.payloadBytes) {
      throw new CorruptEntryError(`array "${d.name}" lies outside the payload`);
    }
    const start = bytes.byteOffset + payloadStart + d.offset;
    arrays.push([
      String(d.name),
      start % 8 === 0
        ? new ctor(bytes.buffer as ArrayBuffer, start, d.length)
        : new ctor(bytes.slice(payloadStart + d.offset, payloadStart + d.offset + size).buffer),
    ]);
  }
  // fromEntries defines own properties, so an array named "__proto__" stays an array.
  return { header, artifact: { meta: header.meta, arrays: Object.fromEntries(arrays) } };
}
