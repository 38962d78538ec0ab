/**
 * The IDX reader (MNIST, Fashion-MNIST, KMNIST, EMNIST): big-endian header, magic
 * 00 00 <type> <ndim>, ndim uint32 sizes, then row-major data. Reads from a stream (already
 * gunzipped where the file was) straight into one buffer of the exact size.
 */
import { isUserError, UserError } from "../errors.ts";
import { ByteReader } from "./byte_reader.ts";
import type { ImageSet } from "./types.ts";

/** The largest data section accepted: 4 GiB, above every dataset (EMNIST byclass: 0.6 GB). */
const MAX_IDX_BYTES = 2 ** 32;

/** A parsed IDX file of unsigned bytes (type 0x08, the only type the datasets use). */
export interface IdxArray {
  /** Sizes of each dimension, outermost first. */
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Reads an IDX file of unsigned bytes from `stream`. `file` names it in errors; `onChunk`
 * sees every byte read (for checksums). Rejects a bad magic number, a truncated file and
 * trailing bytes with a UserError naming the file.
 */
export async function readIdx(
  stream: ReadableStream<Uint8Array>,
  file: string,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<IdxArray> {
  const reader = new ByteReader(stream, onChunk);
  try {
    const magic = await reader.read(4);
    if (magic.length < 4) {
      throw new UserError(
        `IDX file ${file} is truncated: it ends inside its 4-byte magic number; replace it with a complete copy.`,
        { code: "integrity" },
      );
    }
    const ndim = magic[3];
    if (magic[0] !== 0 || magic[1] !== 0 || magic[2] !== 0x08 || ndim < 1 || ndim > 4) {
      const hex = Array.from(magic, (b) => b.toString(16).padStart(2, "0")).join(" ");
      throw new UserError(
        `IDX file ${file} has magic number ${hex}, not 00 00 08 0N of an unsigned-byte IDX file; check that it is the right file and not still compressed.`,
        { code: "integrity" },
      );
    }
    const header = await reader.read(4 * ndim);
    if (header.length < 4 * ndim) {
      throw new UserError(
        `IDX file ${file} is truncated: it ends inside its header of ${ndim} sizes; replace it with a complete copy.`,
        { code: "integrity" },
      );
    }
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 * i, false));
    const size = dims.reduce((a, b) => a * b, 1);
    if (size > MAX_IDX_BYTES) {
      throw new UserError(
        `IDX file ${file} declares ${
          dims.join(" x ")
        } = ${size} data bytes, more than the ${MAX_IDX_BYTES} an unsigned-byte IDX file of a dataset can hold; replace it with an official copy.`,
        { code: "integrity" },
      );
    }
    const data = await reader.readGrowing(size);
    const got = data.length;
    if (got < size) {
      throw new UserError(
        `IDX file ${file} is truncated: its header (${
          dims.join(" x ")
        }) promises ${size} data bytes but it holds ${got}; replace it with a complete copy.`,
        { code: "integrity" },
      );
    }
    const extra = await reader.drain();
    if (extra > 0) {
      throw new UserError(
        `IDX file ${file} has ${extra} bytes after the ${size} data bytes its header (${
          dims.join(" x ")
        }) promises; replace it with an official copy.`,
        { code: "integrity" },
      );
    }
    return { dims, data };
  } catch (error) {
    await reader.cancel();
    throw isUserError(error) ? error : new UserError(
      `IDX file ${file} could not be read (${
        (error as Error).message
      }); replace it with a complete copy.`,
      { code: "integrity" },
    );
  }
}

/**
 * Pairs an images IDX file (N x H x W) with a labels IDX file (N) into an ImageSet,
 * checking shapes and counts. `labelOffset` is subtracted from every label (EMNIST letters
 * are 1..26); labels must then lie in [0, classCount).
 */
export function idxImageSet(
  images: IdxArray,
  labels: IdxArray,
  files: { readonly images: string; readonly labels: string },
  classCount: number,
  labelOffset = 0,
): ImageSet {
  if (images.dims.length !== 3) {
    throw new UserError(
      `IDX file ${files.images} has ${images.dims.length} dimensions (${
        images.dims.join(" x ")
      }) but an images file has 3 (count x height x width); check the file names.`,
      { code: "integrity" },
    );
  }
  if (labels.dims.length !== 1) {
    throw new UserError(
      `IDX file ${files.labels} has ${labels.dims.length} dimensions (${
        labels.dims.join(" x ")
      }) but a labels file has 1; check the file names.`,
      { code: "integrity" },
    );
  }
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new UserError(
      `IDX files disagree on the number of images: ${files.images} holds ${count} but ${files.labels} holds ${
        labels.dims[0]
      } labels; use the images and labels files of the same split.`,
      { code: "integrity" },
    );
  }
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i] - labelOffset;
    if (label < 0 || label >= classCount) {
      throw new UserError(
        `IDX file ${files.labels} has label ${
          labels.data[i]
        } at index ${i}, outside the ${classCount} classes expected; check that it belongs to this dataset.`,
        { code: "integrity" },
      );
    }
    out[i] = label;
  }
  return { count, channels: 1, height, width, pixels: images.data, maxValue: 255, labels: out };
}
