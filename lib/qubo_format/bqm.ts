/**
 * dimod's binary BQM file (`DIMODBQM`, what `BinaryQuadraticModel.to_file()` writes and
 * `from_file()` reads) as a QUBO file format for `qubo export --format bqm` and `qubo solve`.
 * The bytes come from samplers/dwave/bqm_file.ts, the writer the hybrid uploads use (byte-
 * identical to dimod's version 2.0 layout); this module only adds the file-level checks and
 * messages. Variables are index-labelled 0..n-1; a file's own labels are dropped on reading
 * (variable i is column i).
 */
import { UserError } from "../errors.ts";
import type { Qubo } from "../qubo.ts";
import { bqmModelToQubo, decodeBqmFile, encodeBqmFile } from "../../samplers/dwave/bqm_file.ts";
import { MAX_FILE_N } from "./numbers.ts";

/** The first bytes of every BQM file. */
export const BQM_MAGIC = "DIMODBQM";

/** True when `bytes` start with the DIMODBQM magic. */
export function isBqmFile(bytes: Uint8Array): boolean {
  if (bytes.length < BQM_MAGIC.length) return false;
  for (let i = 0; i < BQM_MAGIC.length; i++) {
    if (bytes[i] !== BQM_MAGIC.charCodeAt(i)) return false;
  }
  return true;
}

/** The BQM file bytes of a QUBO (BINARY, index-labelled). */
export function writeBqm(qubo: Qubo): Uint8Array {
  return encodeBqmFile(qubo);
}

/**
 * Reads BQM file bytes into a dense symmetric QUBO; `file` names it in errors. A file that is
 * not a BQM, is truncated, is a SPIN model or has more than {@link MAX_FILE_N} variables is a
 * UserError.
 */
export function readBqm(bytes: Uint8Array, file: string): Qubo {
  let model;
  try {
    model = decodeBqmFile(bytes);
  } catch (error) {
    // Any failure to decode untrusted bytes is the file's fault, whatever the decoder threw.
    throw new UserError(
      `${file}: not a valid dimod BQM file (${
        error instanceof Error ? error.message : String(error)
      }): write it with dimod's BinaryQuadraticModel.to_file() or qubo export --format bqm.`,
    );
  }
  if (model.vartype !== "BINARY") {
    throw new UserError(
      `${file}: the BQM is a ${model.vartype} model; convert it first with bqm.change_vartype("BINARY") in dimod.`,
    );
  }
  const n = model.linear.length;
  if (n > MAX_FILE_N) {
    throw new UserError(
      `${file}: the BQM has ${n} variables, more than the ${MAX_FILE_N} variables a dense QUBO here can hold.`,
    );
  }
  return bqmModelToQubo(model);
}
