/**
 * A streaming reader of tar archives (ustar, with GNU long names and pax paths): walks the
 * entries of a (gunzipped) stream and hands the wanted regular files to a callback, one at a
 * time, without extracting anything or holding the whole archive.
 */
import { isUserError, UserError } from "../errors.ts";
import { ByteReader } from "./byte_reader.ts";

const BLOCK = 512;

/** Reads a NUL/space-terminated ASCII field. */
function text(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return new TextDecoder().decode(block.subarray(start, end));
}

/** An octal number field, or a base-256 one (high bit set) as GNU tar writes for big sizes. */
function number(block: Uint8Array, start: number, length: number): number {
  if (block[start] & 0x80) {
    let value = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits === "" ? 0 : parseInt(digits, 8);
}

/** The path of a pax extended header's "path" record, if any. */
function paxPath(data: Uint8Array): string | undefined {
  const records = new TextDecoder().decode(data);
  let path: string | undefined;
  for (const match of records.matchAll(/\d+ path=([^\n]*)\n/g)) path = match[1];
  return path;
}

/**
 * Walks the tar archive in `stream` (`file` names it in errors). For each regular file whose
 * path `want` accepts, reads its bytes and awaits `onFile(path, bytes)`; other entries are
 * skipped. `onChunk` sees every byte of the stream. Rejects corrupt headers and truncation.
 */
export async function readTar(
  stream: ReadableStream<Uint8Array>,
  file: string,
  want: (path: string) => boolean,
  onFile: (path: string, bytes: Uint8Array) => void | Promise<void>,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<void> {
  const reader = new ByteReader(stream, onChunk);
  try {
    let longName: string | undefined;
    while (true) {
      const header = await reader.read(BLOCK);
      if (header.length === 0) break; // some writers omit the two zero blocks
      if (header.length < BLOCK) {
        throw new UserError(
          `Tar archive ${file} is truncated inside an entry header; download it again.`,
          { code: "integrity" },
        );
      }
      if (header.every((b) => b === 0)) break;
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
      if (sum !== number(header, 148, 8)) {
        throw new UserError(
          `Tar archive ${file} has a corrupt entry header at byte ${
            reader.offset - BLOCK
          } (checksum mismatch); it is not a valid tar file, download it again.`,
          { code: "integrity" },
        );
      }
      const size = number(header, 124, 12);
      const type = String.fromCharCode(header[156] || 0x30);
      const prefix = text(header, 257, 6) === "ustar" ? text(header, 345, 155) : "";
      const name = longName ??
        (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      longName = undefined;
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      if (type === "L" || type === "x") {
        const data = await reader.readGrowing(padded);
        if (data.length < padded) {
          throw new UserError(
            `Tar archive ${file} is truncated inside a long-name record; download it again.`,
            { code: "integrity" },
          );
        }
        longName = type === "L" ? text(data, 0, size) : paxPath(data.subarray(0, size));
        continue;
      }
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new UserError(
          `Tar archive ${file} has a corrupt size field in the header of entry ${name}; download it again.`,
          { code: "integrity" },
        );
      }
      if ((type === "0" || type === "7") && want(name)) {
        const data = await reader.readGrowing(size);
        if (data.length < size) {
          throw new UserError(
            `Tar archive ${file} is truncated: entry ${name} should hold ${size} bytes but only ${data.length} follow; download it again.`,
            { code: "integrity" },
          );
        }
        await reader.skip(padded - size);
        await onFile(name, data);
      } else if (await reader.skip(padded) < padded) {
        throw new UserError(
          `Tar archive ${file} is truncated inside entry ${name}; download it again.`,
          { code: "integrity" },
        );
      }
    }
    await reader.drain();
  } catch (error) {
    await reader.cancel();
    throw isUserError(error) ? error : new UserError(
      `Tar archive ${file} could not be read (${(error as Error).message}); download it again.`,
      { code: "integrity" },
    );
  }
}
