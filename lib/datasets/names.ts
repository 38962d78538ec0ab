/**
 * The names of the datasets and of the EMNIST splits: defined here once, and used by the
 * catalogue (lib/datasets/catalogue.ts, which has an entry per name), the pipeline schema
 * (lib/pipeline/schema.ts) and the loader.
 */

/** Datasets the catalogue knows, in catalogue order. */
export const DATASET_NAMES = [
  "digits",
  "mnist",
  "fashion-mnist",
  "cifar10",
  "emnist",
  "kmnist",
] as const;

/** A catalogue dataset name. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** The EMNIST splits gzip.zip holds; the first is the default. */
export const EMNIST_SPLITS = [
  "balanced",
  "byclass",
  "bymerge",
  "letters",
  "digits",
  "mnist",
] as const;

/** An EMNIST split. */
export type EmnistSplit = (typeof EMNIST_SPLITS)[number];
