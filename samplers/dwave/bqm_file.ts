/**
 * dimod's binary BQM file format (`DIMODBQM` version 2.0, SAPI.md section 3.5): what the Leap
 * hybrid solvers read from an upload. We write index-labelled BINARY models (labels 0..n-1, no
 * VARS section) unless labels are given, and read any version 1/2 file with the declared dtypes.
 */
import { makeQubo, type Qubo } from "../../lib/qubo.ts";

const MAGIC = "DIMODBQM";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A BQM in the file's own terms: linear biases, sorted neighbourhoods, labels. */
export interface BqmModel {
  readonly vartype: "BINARY" | "SPIN";
  readonly offset: number;
  readonly linear: Float64Array;
  /** Interactions (i < j) with their bias, in the upper-triangular convention of dimod. */
  readonly interactions: readonly {
    readonly i: number;
    readonly j: number;
    readonly bias: number;
  }[];
  /** Variable labels in index order; undefined for 0..n-1. */
  readonly labels?: readonly (string | number)[];
}

/** Python `json.dumps` rendering of a value (default separators, ASCII-escaped). */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value).sort().map((key) =>
      `${pythonJson(key)}: ${pythonJson((value as Record<string, unknown>)[key])}`
    );
    return `{${entries.join(", ")}}`;
  }
  // Escape non-ASCII like Python's ensure_ascii.
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The model of a QUBO: diagonal to linear, 2 Q[i][j] to each non-zero interaction. */
export function quboToBqmModel(qubo: Qubo, labels?: readonly (string | number)[]): BqmModel {
  const { n, q } = qubo;
  const linear = new Float64Array(n);
  const interactions: { i: number; j: number; bias: number }[] = [];
  for (let i = 0; i < n; i++) {
    linear[i] = q[i * n + i];
    for (let j = i + 1; j < n; j++) {
      const bias = q[i * n + j] + q[j * n + i];
      if (bias !== 0) interactions.push({ i, j, bias });
    }
  }
  return { vartype: "BINARY", offset: qubo.offset, linear, interactions, labels };
}

/** Serialises a model to the bytes dimod's `to_file()` writes (version 2.0). */
export function encodeBqmModel(model: BqmModel): Uint8Array {
  const n = model.linear.length;
  const m = model.interactions.length;
  const labelled = model.labels !== undefined &&
    !model.labels.every((label, index) => label === index);
  const header = pythonJson({
    dtype: "float64",
    itype: "int32",
    ntype: "int32",
    shape: [n, m],
    type: "BinaryQuadraticModel",
    variables: labelled,
    vartype: model.vartype,
  }) + "\n";
  const headerLength = Math.ceil((14 + header.length) / 64) * 64 - 14;
  let varsBytes = new Uint8Array(0);
  if (labelled) {
    const text = pythonJson(model.labels);
    const length = Math.ceil((8 + text.length) / 64) * 64 - 8;
    varsBytes = new Uint8Array(8 + length).fill(0x20);
    varsBytes.set(encoder.encode("VARS"), 0);
    new DataView(varsBytes.buffer).setUint32(4, length, true);
    varsBytes.set(encoder.encode(text), 8);
  }
  // Full neighbourhoods, both directions, sorted by neighbour.
  const neighbours: { j: number; bias: number }[][] = Array.from({ length: n }, () => []);
  for (const { i, j, bias } of model.interactions) {
    neighbours[i].push({ j, bias });
    neighbours[j].push({ j: i, bias });
  }
  for (const list of neighbours) list.sort((a, b) => a.j - b.j);
  const bodyLength = 8 + 12 * n + 24 * m;
  const bytes = new Uint8Array(14 + headerLength + bodyLength + varsBytes.length);
  bytes.fill(0x20, 14, 14 + headerLength);
  bytes.set(encoder.encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint8(8, 2);
  view.setUint8(9, 0);
  view.setUint32(10, headerLength, true);
  bytes.set(encoder.encode(header), 14);
  let at = 14 + headerLength;
  view.setFloat64(at, model.offset, true);
  at += 8;
  let start = 0;
  for (let v = 0; v < n; v++) {
    view.setInt32(at, start, true);
    view.setFloat64(at + 4, model.linear[v], true);
    at += 12;
    start += neighbours[v].length;
  }
  for (let v = 0; v < n; v++) {
    for (const { j, bias } of neighbours[v]) {
      view.setInt32(at, j, true);
      view.setFloat64(at + 4, bias, true);
      at += 12;
    }
  }
  bytes.set(varsBytes, at);
  return bytes;
}

/** The BQM file of a QUBO, index-labelled unless `labels` are given. */
export function encodeBqmFile(qubo: Qubo, labels?: readonly (string | number)[]): Uint8Array {
  return encodeBqmModel(quboToBqmModel(qubo, labels));
}

/** Why a BQM file was refused (the mock answers 400 with this message). */
export class BqmFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BqmFormatError";
  }
}

type NumberReader = (view: DataView, at: number) => number;
const readers: Record<string, { size: number; read: NumberReader }> = {
  float64: { size: 8, read: (v, a) => v.getFloat64(a, true) },
  float32: { size: 4, read: (v, a) => v.getFloat32(a, true) },
  int32: { size: 4, read: (v, a) => v.getInt32(a, true) },
  uint32: { size: 4, read: (v, a) => v.getUint32(a, true) },
  int64: { size: 8, read: (v, a) => Number(v.getBigInt64(a, true)) },
  uint64: { size: 8, read: (v, a) => Number(v.getBigUint64(a, true)) },
  int16: { size: 2, read: (v, a) => v.getInt16(a, true) },
  uint16: { size: 2, read: (v, a) => v.getUint16(a, true) },
};

/** Parses a DIMODBQM file (versions 1.x and 2.x), checking every length it declares. */
export function decodeBqmFile(bytes: Uint8Array): BqmModel {
  if (bytes.length < 14 || decoder.decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new BqmFormatError("not a DIMODBQM file (bad magic)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[8];
  if (major < 1 || major > 2) throw new BqmFormatError(`unsupported BQM file version ${major}`);
  const headerLength = view.getUint32(10, true);
  if (14 + headerLength > bytes.length) throw new BqmFormatError("truncated header");
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(14, 14 + headerLength)).trim());
  } catch {
    throw new BqmFormatError("header is not JSON");
  }
  const shape = header.shape;
  const dtype = readers[String(header.dtype)];
  const itype = readers[String(header.itype)];
  const ntype = readers[String(header.ntype)];
  if (
    !Array.isArray(shape) || shape.length !== 2 || !shape.every(Number.isInteger) ||
    !dtype || !itype || !ntype || (header.vartype !== "BINARY" && header.vartype !== "SPIN")
  ) {
    throw new BqmFormatError("header lacks shape, dtypes or vartype");
  }
  const [n, m] = shape as number[];
  const bodyLength = dtype.size + n * (ntype.size + dtype.size) + 2 * m * (itype.size + dtype.size);
  let at = 14 + headerLength;
  if (at + bodyLength > bytes.length) throw new BqmFormatError("truncated body");
  const offset = dtype.read(view, at);
  at += dtype.size;
  const starts = new Array<number>(n);
  const linear = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    starts[v] = ntype.read(view, at);
    linear[v] = dtype.read(view, at + ntype.size);
    at += ntype.size + dtype.size;
  }
  const interactions: { i: number; j: number; bias: number }[] = [];
  for (let v = 0; v < n; v++) {
    const end = v + 1 < n ? starts[v + 1] : 2 * m;
    if (end < starts[v]) throw new BqmFormatError("neighbourhood starts are not increasing");
    for (let r = starts[v]; r < end; r++) {
      const j = itype.read(view, at);
      const bias = dtype.read(view, at + itype.size);
      at += itype.size + dtype.size;
      if (j < 0 || j >= n || j === v) throw new BqmFormatError(`bad neighbour index ${j}`);
      if (j > v) interactions.push({ i: v, j, bias });
    }
  }
  if (interactions.length !== m) throw new BqmFormatError("interaction count differs from shape");
  let labels: (string | number)[] | undefined;
  if (Array.isArray(header.variables)) labels = header.variables;
  else if (header.variables === true) {
    if (decoder.decode(bytes.subarray(at, at + 4)) !== "VARS") {
      throw new BqmFormatError("missing VARS section");
    }
    const length = view.getUint32(at + 4, true);
    try {
      labels = JSON.parse(decoder.decode(bytes.subarray(at + 8, at + 8 + length)).trim());
    } catch {
      throw new BqmFormatError("VARS section is not JSON");
    }
  }
  return { vartype: header.vartype, offset, linear, interactions, labels };
}

/** The QUBO of a BINARY model (labels dropped: variable i is column i). */
export function bqmModelToQubo(model: BqmModel): Qubo {
  if (model.vartype !== "BINARY") throw new BqmFormatError("only BINARY models are supported");
  const n = model.linear.length;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = model.linear[i];
  for (const { i, j, bias } of model.interactions) {
    q[i * n + j] += bias / 2;
    q[j * n + i] += bias / 2;
  }
  return makeQubo(n, q, model.offset);
}
