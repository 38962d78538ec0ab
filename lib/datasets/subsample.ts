/**
 * Per-class seeded subsampling for quick runs: at most `perClass` images of each class, chosen
 * by a seeded shuffle of that class's images, kept in their original order. The same
 * (set, perClass, seed) always gives the same images.
 */
import { UserError } from "../errors.ts";
import { indicesByClass, selectImages } from "./image_set.ts";
import { seededRandom, shuffleInPlace } from "../random.ts";
import type { ImageSet } from "./types.ts";

/**
 * Keeps at most `perClass` images per class of `set`. `field` names the request field
 * ("trainPerClass") for the error message when `perClass` is not a positive integer.
 */
export function subsamplePerClass(
  set: ImageSet,
  classCount: number,
  perClass: number,
  seed: number,
  field = "perClass",
): ImageSet {
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new UserError(
      `Dataset option ${field} must be a positive integer, got ${perClass}; set it to the number of images to keep per class or leave it out.`,
      { code: "dataset" },
    );
  }
  const chosen: number[] = [];
  const byClass = indicesByClass(set.labels, classCount);
  for (let c = 0; c < classCount; c++) {
    const members = byClass[c];
    if (members.length <= perClass) {
      chosen.push(...members);
      continue;
    }
    // One stream per class, so changing one class's size does not reshuffle the others.
    const random = seededRandom((seed * 1000003 + c) >>> 0);
    const picked = shuffleInPlace(Int32Array.from(members), random).subarray(0, perClass);
    chosen.push(...picked);
  }
  chosen.sort((a, b) => a - b);
  return selectImages(set, chosen);
}
