/**
 * CIFAR-10 from the official binary tarball cifar-10-binary.tar.gz: records of 1 label byte
 * then 1,024 R, 1,024 G and 1,024 B bytes (32x32 planes, row-major), in data_batch_1..5.bin
 * (train) and test_batch.bin, class names in batches.meta.txt. Colour is a choice: "gray"
 * (luminance 0.299R + 0.587G + 0.114B, rounded) or "rgb" (3 channel planes).
 */
import { UserError } from "../errors.ts";
import { readTar } from "./tar.ts";
import type { ImageSet } from "./types.ts";

const PLANE = 1024;
const RECORD = 1 + 3 * PLANE;
const TRAIN_BATCHES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
const TEST_BATCH = "test_batch.bin";
const META = "batches.meta.txt";

/** Colour handling of CIFAR-10 images. */
export type CifarColor = "gray" | "rgb";

/** Converts one batch file's records to labels and pixels (1 or 3 channels). */
export function decodeCifarBatch(
  bytes: Uint8Array,
  file: string,
  color: CifarColor,
): { labels: Uint16Array; pixels: Uint8Array } {
  if (bytes.length % RECORD !== 0) {
    throw new UserError(
      `CIFAR-10 batch ${file} is ${bytes.length} bytes, not a whole number of ${RECORD}-byte records; download cifar-10-binary.tar.gz again.`,
      { code: "dataset" },
    );
  }
  const count = bytes.length / RECORD;
  const channels = color === "rgb" ? 3 : 1;
  const labels = new Uint16Array(count);
  const pixels = new Uint8Array(count * channels * PLANE);
  for (let i = 0; i < count; i++) {
    const at = i * RECORD;
    const label = bytes[at];
    if (label > 9) {
      throw new UserError(
        `CIFAR-10 batch ${file} record ${i} has label ${label}, not 0..9; download cifar-10-binary.tar.gz again.`,
        { code: "dataset" },
      );
    }
    labels[i] = label;
    const src = at + 1;
    const dst = i * channels * PLANE;
    if (channels === 3) {
      pixels.set(bytes.subarray(src, src + 3 * PLANE), dst);
    } else {
      for (let p = 0; p < PLANE; p++) {
        // Integer form of round(0.299 R + 0.587 G + 0.114 B), exact (halves round up).
        const y = 299 * bytes[src + p] + 587 * bytes[src + PLANE + p] +
          114 * bytes[src + 2 * PLANE + p];
        pixels[dst + p] = Math.floor((y + 500) / 1000);
      }
    }
  }
  return { labels, pixels };
}

/** Parses batches.meta.txt: one class name per line, blank lines ignored. */
export function parseCifarMeta(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
}

function concatSets(
  parts: { labels: Uint16Array; pixels: Uint8Array }[],
  channels: number,
): ImageSet {
  const count = parts.reduce((n, p) => n + p.labels.length, 0);
  const labels = new Uint16Array(count);
  const pixels = new Uint8Array(count * channels * PLANE);
  let at = 0;
  for (const part of parts) {
    labels.set(part.labels, at);
    pixels.set(part.pixels, at * channels * PLANE);
    at += part.labels.length;
  }
  return { count, channels, height: 32, width: 32, pixels, maxValue: 255, labels };
}

/**
 * Reads CIFAR-10 from the (gunzipped) tar stream of cifar-10-binary.tar.gz; `file` names the
 * archive in errors. Each batch is converted as it arrives so only one raw batch is held.
 */
export async function readCifar10(
  stream: ReadableStream<Uint8Array>,
  file: string,
  color: CifarColor,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<{ train: ImageSet; test: ImageSet; classNames: string[] }> {
  const batches = new Map<string, { labels: Uint16Array; pixels: Uint8Array }>();
  let classNames: string[] | undefined;
  const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);
  const wanted = new Set([...TRAIN_BATCHES, TEST_BATCH, META]);
  await readTar(
    stream,
    file,
    (path) => wanted.has(base(path)),
    (path, bytes) => {
      const name = base(path);
      if (name === META) classNames = parseCifarMeta(new TextDecoder().decode(bytes));
      else batches.set(name, decodeCifarBatch(bytes, `${file}:${path}`, color));
    },
    onChunk,
  );
  const missing = [...wanted].filter((name) => name === META ? !classNames : !batches.has(name));
  if (missing.length > 0) {
    throw new UserError(
      `CIFAR-10 archive ${file} lacks ${
        missing.join(", ")
      }; it is not the binary version, download cifar-10-binary.tar.gz again.`,
      { code: "dataset" },
    );
  }
  if (classNames!.length !== 10) {
    throw new UserError(
      `CIFAR-10 archive ${file} lists ${
        classNames!.length
      } class names in ${META}, not 10; download cifar-10-binary.tar.gz again.`,
      { code: "dataset" },
    );
  }
  const channels = color === "rgb" ? 3 : 1;
  const train = concatSets(TRAIN_BATCHES.map((name) => batches.get(name)!), channels);
  const test = concatSets([batches.get(TEST_BATCH)!], channels);
  return { train, test, classNames: classNames! };
}
