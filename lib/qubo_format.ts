/**
 * QUBO import and export, so users can take any cached QUBO to other solvers and solve any
 * QUBO file with our samplers: the qbsolv `.qubo` text format, a JSON COO format and dimod's
 * binary BQM file (see lib/qubo_format/qbsolv.ts, coo_json.ts and bqm.ts for the exact layouts).
 */
import { extname } from "node:path";
import type { Artifact } from "./cache/types.ts";
import { UserError } from "./errors.ts";
import type { Qubo } from "./qubo.ts";
import { isBqmFile, readBqm, writeBqm } from "./qubo_format/bqm.ts";
import { readCooJson, writeCooJson } from "./qubo_format/coo_json.ts";
import { readQbsolv, writeQbsolv } from "./qubo_format/qbsolv.ts";

export { COO_FORMAT, COO_VERSION, readCooJson, writeCooJson } from "./qubo_format/coo_json.ts";
export { readQbsolv, writeQbsolv } from "./qubo_format/qbsolv.ts";
export { readBqm, writeBqm } from "./qubo_format/bqm.ts";

/** The file formats a QUBO can be written in and read from. */
export type QuboFileFormat = "qbsolv" | "json" | "bqm";

/** Every {@link QuboFileFormat}, for option parsing. */
export const QUBO_FILE_FORMATS: readonly QuboFileFormat[] = ["qbsolv", "json", "bqm"];

/** The QUBO as text in a text format (qbsolv or json). */
export function writeQubo(
  qubo: Qubo,
  format: Exclude<QuboFileFormat, "bqm">,
  comments: readonly string[] = [],
): string {
  return format === "json" ? writeCooJson(qubo) : writeQbsolv(qubo, comments);
}

/** The QUBO as file bytes in any format (comments go where the format has them). */
export function writeQuboBytes(
  qubo: Qubo,
  format: QuboFileFormat,
  comments: readonly string[] = [],
): Uint8Array {
  if (format === "bqm") return writeBqm(qubo);
  return new TextEncoder().encode(writeQubo(qubo, format, comments));
}

/**
 * The format of a QUBO file: the DIMODBQM magic -> bqm; by extension (.qubo -> qbsolv,
 * .json -> json, .bqm -> bqm), else JSON when the text starts with "{", else qbsolv.
 */
export function detectQuboFormat(path: string, text: string, bytes?: Uint8Array): QuboFileFormat {
  if (bytes && isBqmFile(bytes)) return "bqm";
  const ext = extname(path).toLowerCase();
  if (ext === ".qubo") return "qbsolv";
  if (ext === ".json") return "json";
  if (ext === ".bqm") return "bqm";
  return text.trimStart().startsWith("{") ? "json" : "qbsolv";
}

/** Parses QUBO text; `file` names it in error messages. */
export function readQubo(
  text: string,
  file: string,
  format: Exclude<QuboFileFormat, "bqm">,
): Qubo {
  return format === "json" ? readCooJson(text, file) : readQbsolv(text, file);
}

/** The text of a text-format QUBO file; UserError for UTF-16 or other non-UTF-8 bytes. */
function utf8Text(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError(
      `QUBO file "${file}" is UTF-16 text; save it as UTF-8 (or plain ASCII) and try again.`,
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(
      `QUBO file "${file}" is not UTF-8 text (nor a dimod BQM file); give a qbsolv .qubo, JSON COO or .bqm file.`,
    );
  }
}

/** Parses QUBO file bytes in `format` (default: detected); `file` names it in errors. */
export function readQuboBytes(bytes: Uint8Array, file: string, format?: QuboFileFormat): Qubo {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  const chosen = format ?? detectQuboFormat(file, head, bytes);
  if (chosen === "bqm") return readBqm(bytes, file);
  return readQubo(utf8Text(bytes, file), file, chosen);
}

/**
 * Reads a QUBO file in any format (see {@link detectQuboFormat}).
 * @throws UserError when the file is missing, unreadable or malformed
 */
export async function readQuboFile(path: string, format?: QuboFileFormat): Promise<Qubo> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(`QUBO file "${path}" does not exist: check the path.`);
    }
    throw new UserError(
      `Cannot read QUBO file "${path}" (${error instanceof Error ? error.message : error}): ` +
        `check its permissions.`,
    );
  }
  return readQuboBytes(bytes, path, format);
}

/** Stage name of cached QUBO artifacts. */
export const QUBO_STAGE = "qubo";

/**
 * The cache artifact of a QUBO: meta { n, offset, ...extra } and array "q" (the symmetric
 * n x n matrix). The runner stores QUBOs this way so `qubo export` can read them back.
 */
export function quboArtifact(qubo: Qubo, extraMeta: Record<string, unknown> = {}): Artifact {
  return { meta: { ...extraMeta, n: qubo.n, offset: qubo.offset }, arrays: { q: qubo.q } };
}

/**
 * The QUBO held by a cache artifact written by {@link quboArtifact}.
 * @param where names the entry in error messages ("cache entry 3f2a...")
 * @throws UserError when the artifact is not a symmetric n x n QUBO
 */
export function quboFromArtifact(artifact: Artifact, where: string): Qubo {
  const meta = (artifact.meta ?? {}) as Record<string, unknown>;
  const n = meta.n;
  const offset = meta.offset ?? 0;
  const q = artifact.arrays.q;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new UserError(`${where} has meta.n = ${JSON.stringify(n)}: it is not a QUBO artifact.`);
  }
  if (typeof offset !== "number") {
    throw new UserError(
      `${where} has meta.offset = ${JSON.stringify(offset)}: it is not a QUBO artifact.`,
    );
  }
  if (!(q instanceof Float64Array) || q.length !== n * n) {
    throw new UserError(
      `${where} has no Float64Array "q" of ${n} x ${n} entries: it is not a QUBO artifact.`,
    );
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (q[i * n + j] !== q[j * n + i]) {
        throw new UserError(
          `${where} holds a matrix that is not symmetric (entry ${i},${j} differs from ${j},${i}): ` +
            `re-run the stage that wrote it.`,
        );
      }
    }
  }
  return { n, q, offset };
}
