/**
 * Operations on an {@link ImageSet}: picking a subset of images (subsampling, splits) and
 * indexing images by class.
 */
import type { ImageSet } from "./types.ts";

/** Bytes per image of `set` (channels x height x width). */
export function imageBytes(set: Pick<ImageSet, "channels" | "height" | "width">): number {
  return set.channels * set.height * set.width;
}

/** A new ImageSet holding the images at `indices`, in that order (pixels are copied). */
export function selectImages(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const size = imageBytes(set);
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Uint16Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    pixels.set(set.pixels.subarray(k * size, (k + 1) * size), i * size);
    labels[i] = set.labels[k];
  }
  return { ...set, count: indices.length, pixels, labels };
}

/** Indices of the images of each class, ascending: result[c] lists class c. */
export function indicesByClass(labels: Uint16Array, classCount: number): number[][] {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  return byClass;
}
