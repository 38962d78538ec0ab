/**
 * A zip archive reader for large files (EMNIST's gzip.zip is 562 MB): reads the central
 * directory from the end of the file, then streams only the members asked for with seek,
 * inflating deflate members through DecompressionStream("deflate-raw").
 */
import { crc32 } from "node:zlib";
import { isUserError, UserError } from "../errors.ts";

/** One member of a zip archive, from its central directory record. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

async function readAt(
  file: Deno.FsFile,
  offset: number,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  await file.seek(offset, Deno.SeekMode.Start);
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const n = await file.read(out.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return out.subarray(0, filled);
}

/**
 * Passes a member's bytes through, checking at the end that their CRC-32 and size match the
 * central directory: a member changed after the archive was hashed, or a corrupt deflate
 * stream, is a UserError naming the archive and member.
 */
function checkedMember(
  path: string,
  entry: ZipEntry,
): TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>> {
  let crc = 0;
  let size = 0;
  return new TransformStream({
    transform(chunk, controller) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      controller.enqueue(chunk);
    },
    flush() {
      if (crc >>> 0 !== entry.crc32 || size !== entry.size) {
        throw new UserError(
          `Zip archive ${path} member ${entry.name} does not match its directory (CRC-32 or size differs: corrupt or changed while reading); download it again.`,
          { code: "integrity" },
        );
      }
    },
  });
}

/** `source`, with its failures (other than UserErrors) replaced by `wrap(error)`. */
function userErrors(
  source: ReadableStream<Uint8Array<ArrayBuffer>>,
  wrap: (error: unknown) => UserError,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  const reader = source.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(isUserError(error) ? error : wrap(error));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** An open zip archive; close() when done. */
export class ZipArchive {
  readonly path: string;
  readonly entries: ReadonlyMap<string, ZipEntry>;
  #file: Deno.FsFile;

  private constructor(path: string, file: Deno.FsFile, entries: Map<string, ZipEntry>) {
    this.path = path;
    this.#file = file;
    this.entries = entries;
  }

  /** Opens `path` and reads its central directory; UserError if it is not a readable zip. */
  static async open(path: string): Promise<ZipArchive> {
    const file = await Deno.open(path);
    try {
      return new ZipArchive(path, file, await ZipArchive.#readDirectory(path, file));
    } catch (error) {
      file.close();
      throw error;
    }
  }

  static async #readDirectory(path: string, file: Deno.FsFile): Promise<Map<string, ZipEntry>> {
    const size = (await file.stat()).size;
    // The end record is 22 bytes plus a comment of at most 65,535 bytes.
    const tailStart = Math.max(0, size - 22 - 65535);
    const tail = await readAt(file, tailStart, size - tailStart);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new UserError(
        `File ${path} is not a zip archive (no end-of-central-directory record); download it again.`,
        { code: "integrity" },
      );
    }
    const count = view.getUint16(eocd + 10, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const cdOffset = view.getUint32(eocd + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new UserError(
        `Zip archive ${path} uses the zip64 format, which this reader does not support; use the official archive.`,
        { code: "integrity" },
      );
    }
    if (cdOffset + cdSize > size) {
      throw new UserError(
        `Zip archive ${path} is truncated: its central directory lies beyond the end of the file; download it again.`,
        { code: "integrity" },
      );
    }
    const cd = await readAt(file, cdOffset, cdSize);
    const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
    const entries = new Map<string, ZipEntry>();
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > cd.length || cv.getUint32(at, true) !== CENTRAL_SIGNATURE) {
        throw new UserError(
          `Zip archive ${path} has a corrupt central directory (record ${i}); download it again.`,
          { code: "integrity" },
        );
      }
      const nameLength = cv.getUint16(at + 28, true);
      const extraLength = cv.getUint16(at + 30, true);
      const commentLength = cv.getUint16(at + 32, true);
      const name = new TextDecoder().decode(cd.subarray(at + 46, at + 46 + nameLength));
      entries.set(name, {
        name,
        method: cv.getUint16(at + 10, true),
        crc32: cv.getUint32(at + 16, true),
        compressedSize: cv.getUint32(at + 20, true),
        size: cv.getUint32(at + 24, true),
        localHeaderOffset: cv.getUint32(at + 42, true),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  /** The (decompressed) bytes of member `name` as a stream; UserError if absent or unsupported. */
  async stream(name: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new UserError(
        `Zip archive ${this.path} has no member ${name}; use the official archive.`,
        { code: "integrity" },
      );
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new UserError(
        `Zip archive ${this.path} member ${name} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported.`,
        { code: "integrity" },
      );
    }
    const local = await readAt(this.#file, entry.localHeaderOffset, 30);
    const lv = new DataView(local.buffer, local.byteOffset, local.byteLength);
    if (local.length < 30 || lv.getUint32(0, true) !== LOCAL_SIGNATURE) {
      throw new UserError(
        `Zip archive ${this.path} has a corrupt local header for member ${name}; download it again.`,
        { code: "integrity" },
      );
    }
    const start = entry.localHeaderOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
    // Each member stream has its own handle, so several may be read at once.
    const file = await Deno.open(this.path);
    const path = this.path;
    let position = start;
    const end = start + entry.compressedSize;
    const raw = new ReadableStream<Uint8Array<ArrayBuffer>>({
      async pull(controller) {
        if (position >= end) {
          file.close();
          controller.close();
          return;
        }
        const chunk = await readAt(file, position, Math.min(1 << 20, end - position));
        if (chunk.length === 0) {
          file.close();
          controller.error(
            new UserError(
              `Zip archive ${path} is truncated inside member ${name}; download it again.`,
              { code: "integrity" },
            ),
          );
          return;
        }
        position += chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        file.close();
      },
    });
    const inflated = entry.method === 8
      ? userErrors(
        raw.pipeThrough(new DecompressionStream("deflate-raw")),
        (error) =>
          new UserError(
            `Zip archive ${path} member ${name} is corrupt (${
              (error as Error).message
            }); download it again.`,
            { code: "integrity", cause: error },
          ),
      )
      : raw;
    return inflated.pipeThrough(checkedMember(path, entry));
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
  }
}
