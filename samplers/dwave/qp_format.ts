/**
 * The `qp` encodings of SAPI (SAPI.md sections 3.2 and 4.4): problem data as base64
 * little-endian float64 arrays in the solver's qubit / coupler order, and QPU answers with
 * solutions bit-packed most significant bit first, each solution padded to a whole byte.
 */
import { fromBase64, toBase64 } from "./checksums.ts";

/** Sparse Ising problem on physical qubits: what gets programmed on the QPU. */
export interface PhysicalIsing {
  /** Linear bias per active qubit (qubit index -> h). */
  readonly h: ReadonlyMap<number, number>;
  /** Coupling per active coupler, keyed by `couplerKey(a, b)`. */
  readonly j: ReadonlyMap<number, number>;
}

/** Key of a coupler (order-free): min * 2^20 + max; qubit indices stay below 2^20. */
export function couplerKey(a: number, b: number): number {
  return a < b ? a * 1048576 + b : b * 1048576 + a;
}

/** Base64 of float64 values, little-endian. */
export function encodeDoubles(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i], true);
  return toBase64(bytes);
}

/** Float64 values of a base64 little-endian array. */
export function decodeDoubles(text: string): Float64Array {
  const bytes = fromBase64(text);
  if (bytes.length % 8 !== 0) throw new Error("float64 array length is not a multiple of 8");
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
}

/** Base64 of int32 values, little-endian. */
export function encodeInts(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(4 * i, values[i], true);
  return toBase64(bytes);
}

/** Int32 values of a base64 little-endian array. */
export function decodeInts(text: string): Int32Array {
  const bytes = fromBase64(text);
  if (bytes.length % 4 !== 0) throw new Error("int32 array length is not a multiple of 4");
  const view = new DataView(bytes.buffer);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(4 * i, true));
}

/** `data` of a `qp` problem: lin over every working qubit (NaN if inactive), quad over active couplers. */
export function encodeQpProblem(
  problem: PhysicalIsing,
  qubits: readonly number[],
  couplers: readonly (readonly [number, number])[],
): { format: "qp"; lin: string; quad: string; offset: number } {
  const active = new Set<number>(problem.h.keys());
  for (const key of problem.j.keys()) {
    active.add(Math.floor(key / 1048576));
    active.add(key % 1048576);
  }
  const lin = qubits.map((q) => active.has(q) ? problem.h.get(q) ?? 0 : NaN);
  const quad: number[] = [];
  for (const [a, b] of couplers) {
    if (active.has(a) && active.has(b)) quad.push(problem.j.get(couplerKey(a, b)) ?? 0);
  }
  return { format: "qp", lin: encodeDoubles(lin), quad: encodeDoubles(quad), offset: 0 };
}

/** Decodes `qp` problem data back to a physical Ising problem (the mock's side). */
export function decodeQpProblem(
  data: { lin: string; quad: string },
  qubits: readonly number[],
  couplers: readonly (readonly [number, number])[],
): PhysicalIsing {
  const lin = decodeDoubles(data.lin);
  const quad = decodeDoubles(data.quad);
  if (lin.length !== qubits.length) {
    throw new Error(`lin has ${lin.length} values; the solver has ${qubits.length} qubits`);
  }
  const h = new Map<number, number>();
  qubits.forEach((q, i) => {
    if (!Number.isNaN(lin[i])) h.set(q, lin[i]);
  });
  const j = new Map<number, number>();
  let at = 0;
  for (const [a, b] of couplers) {
    if (!h.has(a) || !h.has(b)) continue;
    if (at >= quad.length) throw new Error("quad is shorter than the active couplers");
    if (Number.isNaN(quad[at])) throw new Error("quad holds NaN");
    if (quad[at] !== 0) j.set(couplerKey(a, b), quad[at]);
    at++;
  }
  if (at !== quad.length) throw new Error(`quad has ${quad.length} values; ${at} couplers active`);
  return { h, j };
}

/** A decoded QPU answer: one row per distinct solution (histogram) or per read (raw). */
export interface QpAnswer {
  readonly numVariables: number;
  /** Active qubits, ascending: the columns of `solutions`. */
  readonly activeVariables: Int32Array;
  /** rows x active, spins -1/+1 (ising) or 0/1 (qubo). */
  readonly solutions: Int8Array;
  readonly energies: Float64Array;
  readonly numOccurrences: Int32Array;
  readonly timing: Record<string, number>;
}

/** Decodes a `qp` answer; `type` says whether bits mean spins or binaries. */
export function decodeQpAnswer(
  answer: Record<string, unknown>,
  type: "ising" | "qubo",
): QpAnswer {
  if (answer.format !== "qp") throw new Error(`answer format is ${answer.format}, expected qp`);
  const activeVariables = decodeInts(String(answer.active_variables));
  const energies = decodeDoubles(String(answer.energies));
  const rows = energies.length;
  const k = activeVariables.length;
  const packed = fromBase64(String(answer.solutions));
  // The per-solution stride is normally ceil(k / 8); tolerate servers that pad more.
  let stride = Math.ceil(k / 8);
  if (rows > 0 && packed.length !== rows * stride) {
    if (packed.length % rows !== 0 || packed.length / rows < stride) {
      throw new Error("solutions length does not match energies and active variables");
    }
    stride = packed.length / rows;
  }
  const solutions = new Int8Array(rows * k);
  const zero = type === "ising" ? -1 : 0;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      const bit = (packed[r * stride + (i >> 3)] >> (7 - (i & 7))) & 1;
      solutions[r * k + i] = bit ? 1 : zero;
    }
  }
  const numOccurrences = answer.num_occurrences === undefined
    ? new Int32Array(rows).fill(1)
    : decodeInts(String(answer.num_occurrences));
  return {
    numVariables: Number(answer.num_variables),
    activeVariables,
    solutions,
    energies,
    numOccurrences,
    timing: (answer.timing ?? {}) as Record<string, number>,
  };
}

/** Packs solutions MSB-first, each row padded to a byte (the mock's side). */
export function packQpSolutions(solutions: ArrayLike<number>, rows: number, k: number): string {
  const stride = Math.ceil(k / 8);
  const bytes = new Uint8Array(rows * stride);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      if (solutions[r * k + i] > 0) bytes[r * stride + (i >> 3)] |= 0x80 >> (i & 7);
    }
  }
  return toBase64(bytes);
}
