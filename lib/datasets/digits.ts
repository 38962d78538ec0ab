/**
 * sklearn digits: a gzipped headerless CSV of 1,797 rows, 64 pixels (8x8, 0..16) then the
 * label, and a seeded stratified train/test split (the dataset has no official one).
 */
import { UserError } from "../errors.ts";
import { indicesByClass, selectImages } from "./image_set.ts";
import { seededRandom, shuffleInPlace } from "../random.ts";
import type { ImageSet } from "./types.ts";

/** Parses the digits CSV text (`file` names it in errors) into one ImageSet of 8x8 images. */
export function parseDigitsCsv(text: string, file: string): ImageSet {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const pixels = new Uint8Array(lines.length * 64);
  const labels = new Uint16Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].split(",");
    if (fields.length !== 65) {
      throw new UserError(
        `Digits CSV ${file} line ${
          i + 1
        } has ${fields.length} fields, not 65 (64 pixels and a label); restore the bundled data/digits.csv.gz.`,
        { code: "dataset" },
      );
    }
    for (let j = 0; j < 65; j++) {
      const value = Number(fields[j]);
      const max = j < 64 ? 16 : 9;
      if (!Number.isInteger(value) || value < 0 || value > max) {
        throw new UserError(
          `Digits CSV ${file} line ${i + 1} field ${j + 1} is "${
            fields[j].trim()
          }", not an integer in 0..${max}; restore the bundled data/digits.csv.gz.`,
          { code: "dataset" },
        );
      }
      if (j < 64) pixels[i * 64 + j] = value;
      else labels[i] = value;
    }
  }
  return { count: lines.length, channels: 1, height: 8, width: 8, pixels, maxValue: 16, labels };
}

/**
 * How many of each class go to the test set: ceil(N x testFraction) in all (as sklearn's
 * train_test_split), shared among classes in proportion to their sizes by largest remainder
 * (ties to the lower class), so every class keeps its share.
 */
export function stratifiedTestCounts(
  classSizes: readonly number[],
  testFraction: number,
): number[] {
  const total = classSizes.reduce((a, b) => a + b, 0);
  const nTest = Math.ceil(total * testFraction);
  const exact = classSizes.map((size) => (size * nTest) / total);
  const counts = exact.map(Math.floor);
  let left = nTest - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, c) => ({ c, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.c - b.c);
  for (const { c } of order) {
    if (left === 0) break;
    counts[c]++;
    left--;
  }
  return counts;
}

/**
 * Seeded stratified split of `all` into train and test: within each class a seeded shuffle
 * picks the test images; both sets keep the original order.
 */
export function stratifiedSplit(
  all: ImageSet,
  classCount: number,
  testFraction: number,
  seed: number,
): { train: ImageSet; test: ImageSet } {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new UserError(
      `Dataset option testFraction must lie strictly between 0 and 1, got ${testFraction}; use for example 0.25.`,
      { code: "dataset" },
    );
  }
  if (!Number.isInteger(seed)) {
    throw new UserError(`Dataset option splitSeed must be an integer, got ${seed}.`, {
      code: "dataset",
    });
  }
  const byClass = indicesByClass(all.labels, classCount);
  const testCounts = stratifiedTestCounts(byClass.map((m) => m.length), testFraction);
  const isTest = new Uint8Array(all.count);
  for (let c = 0; c < classCount; c++) {
    const random = seededRandom((seed * 1000003 + c) >>> 0);
    const members = shuffleInPlace(Int32Array.from(byClass[c]), random);
    for (let i = 0; i < testCounts[c]; i++) isTest[members[i]] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < all.count; i++) (isTest[i] ? test : train).push(i);
  return { train: selectImages(all, train), test: selectImages(all, test) };
}
