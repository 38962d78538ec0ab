/**
 * EMNIST from the official gzip.zip: for a split, the members
 * gzip/emnist-<split>-{train,test}-{images-idx3,labels-idx1}-ubyte.gz (IDX, gzipped) and
 * gzip/emnist-<split>-mapping.txt ("<label> <char code>[ <char code>]"). Images are stored
 * transposed and are turned upright (out[r][c] = in[c][r]); labels are made 0-based (letters
 * 1..26 become 0..25); class names come from the mapping file's character codes.
 */
import { isUserError, UserError } from "../errors.ts";
import { idxImageSet, readIdx } from "./idx.ts";
import type { ImageSet } from "./types.ts";
import type { ZipArchive } from "./zip.ts";

export { EMNIST_SPLITS } from "./names.ts";

/** A parsed mapping file: class names by 0-based label, and the file's first label. */
export interface EmnistMapping {
  readonly classNames: string[];
  /** Label of the first class in the IDX files (1 for letters, else 0). */
  readonly labelOffset: number;
}

/**
 * Parses an EMNIST mapping file. A class with several codes (letters: upper and lower case)
 * is named by its characters joined with "/" ("A/a"). Labels must be contiguous.
 */
export function parseEmnistMapping(text: string, file: string): EmnistMapping {
  const rows = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  const parsed = rows.map((line, i) => {
    const fields = line.split(/\s+/).map(Number);
    // Char codes must be Unicode code points (at most 0x10FFFF).
    const bad = fields.some((x, k) => !Number.isInteger(x) || x < 0 || (k > 0 && x > 0x10ffff));
    if (fields.length < 2 || bad) {
      throw new UserError(
        `EMNIST mapping file ${file} line ${
          i + 1
        } is "${line}", not "<label> <char code>[ <char code>]"; use the official gzip.zip.`,
        { code: "dataset" },
      );
    }
    return {
      label: fields[0],
      name: fields.slice(1).map((c) => String.fromCodePoint(c)).join("/"),
    };
  }).sort((a, b) => a.label - b.label);
  const labelOffset = parsed.length > 0 ? parsed[0].label : 0;
  parsed.forEach((row, i) => {
    if (row.label !== labelOffset + i) {
      throw new UserError(
        `EMNIST mapping file ${file} skips label ${
          labelOffset + i
        } (labels must be contiguous); use the official gzip.zip.`,
        { code: "dataset" },
      );
    }
  });
  if (parsed.length === 0) {
    throw new UserError(`EMNIST mapping file ${file} is empty; use the official gzip.zip.`, {
      code: "dataset",
    });
  }
  return { classNames: parsed.map((row) => row.name), labelOffset };
}

/** Turns `set`'s transposed images upright in place (out[r][c] = in[c][r]). */
export function transposeImages(set: ImageSet): ImageSet {
  const { height: h, width: w } = set;
  const size = h * w;
  const scratch = new Uint8Array(size);
  for (let i = 0; i < set.count; i++) {
    const image = set.pixels.subarray(i * size, (i + 1) * size);
    scratch.set(image);
    // Stored rows are upright columns: upright image is w rows of h pixels.
    for (let r = 0; r < w; r++) {
      for (let c = 0; c < h; c++) image[r * h + c] = scratch[c * w + r];
    }
  }
  return { ...set, height: w, width: h };
}

/** Finds the member of `zip` whose name ends with `suffix` (any folder prefix). */
function member(zip: ZipArchive, suffix: string): string {
  for (const name of zip.entries.keys()) {
    if (name === suffix || name.endsWith(`/${suffix}`)) return name;
  }
  throw new UserError(
    `Zip archive ${zip.path} has no member ${suffix}; use the official EMNIST gzip.zip.`,
    { code: "dataset" },
  );
}

async function readGzipIdx(zip: ZipArchive, name: string) {
  const stream = (await zip.stream(name)).pipeThrough(new DecompressionStream("gzip"));
  return await readIdx(stream, `${zip.path}:${name}`);
}

/** Reads EMNIST split `split` from the opened (and verified) gzip.zip. */
export async function readEmnist(
  zip: ZipArchive,
  split: string,
): Promise<{ train: ImageSet; test: ImageSet; classNames: string[] }> {
  const mappingName = member(zip, `emnist-${split}-mapping.txt`);
  let mappingBytes: Uint8Array;
  try {
    mappingBytes = new Uint8Array(await new Response(await zip.stream(mappingName)).arrayBuffer());
  } catch (error) {
    if (isUserError(error)) throw error;
    throw new UserError(
      `Zip archive ${zip.path} member ${mappingName} is corrupt (${
        (error as Error).message
      }); download it again.`,
      { code: "dataset" },
    );
  }
  const mappingText = new TextDecoder().decode(mappingBytes);
  const mapping = parseEmnistMapping(mappingText, `${zip.path}:${mappingName}`);
  const sets: ImageSet[] = [];
  for (const part of ["train", "test"]) {
    const images = member(zip, `emnist-${split}-${part}-images-idx3-ubyte.gz`);
    const labels = member(zip, `emnist-${split}-${part}-labels-idx1-ubyte.gz`);
    const set = idxImageSet(
      await readGzipIdx(zip, images),
      await readGzipIdx(zip, labels),
      { images: `${zip.path}:${images}`, labels: `${zip.path}:${labels}` },
      mapping.classNames.length,
      mapping.labelOffset,
    );
    sets.push(transposeImages(set));
  }
  return { train: sets[0], test: sets[1], classNames: mapping.classNames };
}
