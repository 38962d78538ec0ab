import type { RawFeatures } from "./extract.ts";

/** Per-feature mean and standard deviation of the training set. */
export interface Standardizer {
  /** Mean of each feature. */
  readonly mean: Float64Array;
  /** Standard deviation, with zero-variance features given 1 (they become all-zero columns). */
  readonly scale: Float64Array;
}

/** Statistics from the training features only (never the test set). */
export function fitStandardizer(train: RawFeatures): Standardizer {
  const { count, dim, values } = train;
  const mean = new Float64Array(dim);
  const scale = new Float64Array(dim);
  for (let n = 0; n < count; n++) {
    const row = n * dim;
    for (let j = 0; j < dim; j++) mean[j] += values[row + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= count;
  for (let n = 0; n < count; n++) {
    const row = n * dim;
    for (let j = 0; j < dim; j++) {
      const centred = values[row + j] - mean[j];
      scale[j] += centred * centred;
    }
  }
  for (let j = 0; j < dim; j++) {
    const sd = Math.sqrt(scale[j] / count);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * The design matrix X: standardised features plus a trailing bias column of ones,
 * count x (dim + 1), row-major.
 */
export function designMatrix(features: RawFeatures, standardizer: Standardizer): Float64Array {
  const { count, dim, values } = features;
  const width = dim + 1;
  const x = new Float64Array(count * width);
  for (let n = 0; n < count; n++) {
    const src = n * dim;
    const dst = n * width;
    for (let j = 0; j < dim; j++) {
      x[dst + j] = (values[src + j] - standardizer.mean[j]) / standardizer.scale[j];
    }
    x[dst + dim] = 1;
  }
  return x;
}
