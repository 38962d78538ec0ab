import type { TrainSettings } from "../train/config.ts";
/**
 * The typed form of a loaded pipeline: what the runner consumes. Every grid has been expanded
 * into cells and every default filled, so nothing here is a list of alternatives.
 */
import type { DatasetRequest } from "../datasets/types.ts";

export {
  DATASET_NAMES,
  type DatasetName,
  EMNIST_SPLITS,
  type EmnistSplit,
} from "../datasets/names.ts";
import type { DatasetName, EmnistSplit } from "../datasets/names.ts";

/** CIFAR-10 colour modes. */
export const COLOR_MODES = ["gray", "rgb"] as const;

/** Activations of the random convolution. */
export const ACTIVATIONS = ["relu", "tanh", "sigmoid", "abs", "identity"] as const;
/** Pooling kinds. */
export const POOLINGS = ["mean", "max", "none"] as const;
/** Distributions of the random filters. */
export const FILTER_INITS = ["gaussian", "uniform", "rademacher"] as const;
/** Box policies of the QUBO training loop. */
export const POLICIES = ["trust", "fixed"] as const;
/** Schedules of the surrogate curvature eta. */
export const ETA_SCHEDULES = ["adaptive", "fixed"] as const;
/** Samplers a pipeline may name: those of the sampler registry. */
export { SAMPLER_NAMES } from "../../samplers/registry.ts";
import type { SamplerName } from "../../samplers/registry.ts";

/**
 * A dataset request with the defaults filled. Fields that do not apply to the dataset are
 * absent: `split` is set for EMNIST only, `color` for CIFAR-10 only, `testFraction` and
 * `splitSeed` for digits only. Absent `trainPerClass`/`testPerClass` mean "all images".
 */
export interface DatasetConfig extends DatasetRequest {
  /** Catalogue name. */
  readonly name: DatasetName;
  /** EMNIST split (EMNIST only). */
  readonly split?: EmnistSplit;
  /** Absolute directory, resolved relative to the pipeline file's directory. */
  readonly dataDir?: string;
  /** Digits only: fraction held out for test, stratified. */
  readonly testFraction?: number;
  /** Digits only: seed of the stratified split. */
  readonly splitSeed?: number;
  /** At most this many training images per class (absent: all). */
  readonly trainPerClass?: number;
  /** At most this many test images per class (absent: all). */
  readonly testPerClass?: number;
  /** Seed of the per-class subsampling. */
  readonly subsampleSeed: number;
  /** CIFAR-10 only: "gray" (1 channel) or "rgb" (3 channels). */
  readonly color?: "gray" | "rgb";
}

/** Settings of the random frozen convolution. */
export interface FeatureConfig {
  /** Number of random filters F. */
  readonly filters: number;
  /** Filter size k (k x k). */
  readonly kernel: number;
  /** Step of the convolution. */
  readonly stride: number;
  /** Nonlinearity applied to every convolution output. */
  readonly activation: (typeof ACTIVATIONS)[number];
  /** Pooling of the activated maps ("none": no pooling). */
  readonly pooling: (typeof POOLINGS)[number];
  /** Pooling window and stride. */
  readonly pool: number;
  /** Distribution the filter weights are drawn from. */
  readonly filterInit: (typeof FILTER_INITS)[number];
  /** Filter seed. */
  readonly seed: number;
}

/** Settings of the QUBO training loop. */
export type TrainingConfig = TrainSettings;

/** Which sampler solves the class QUBOs, with its free-form parameters. */
export interface SamplerConfig {
  /** A sampler of the registry ("sa", "exact", "dwave-hybrid", "dwave-qpu"). */
  readonly name: SamplerName;
  /** Validated by the sampler itself, not by the pipeline loader. */
  readonly params: Record<string, unknown>;
}

/** One cell of the sweep: everything needed to train one QUBO head. */
export interface CellConfig {
  /** Readable id such as "digits/seed=1/K=10/sa"; unique within the pipeline. */
  readonly id: string;
  /** The dataset, defaults filled. */
  readonly dataset: DatasetConfig;
  /** The random convolution. */
  readonly features: FeatureConfig;
  /** The QUBO training loop. */
  readonly training: TrainingConfig;
  /** The sampler of the class QUBOs. */
  readonly sampler: SamplerConfig;
}

/** Mini-batch SGD baseline settings. */
export interface SgdConfig {
  /** Passes over the training set. */
  readonly epochs: number;
  /** Step size of each mini-batch update. */
  readonly learningRate: number;
  /** Images per mini-batch. */
  readonly batchSize: number;
  /** Seed of the shuffling. */
  readonly seed: number;
}

/** Exact softmax-regression baseline settings. */
export interface ExactConfig {
  /** L-BFGS iterations at most. */
  readonly maxIterations: number;
  /** Stop once the gradient norm is at most this. */
  readonly tolerance: number;
}

/** A loaded, validated and expanded pipeline. */
export interface Pipeline {
  /** From the YAML `name`, else the file's base name without extension. */
  readonly name: string;
  /** From the YAML `description`, else empty. */
  readonly description: string;
  /** The path the pipeline was loaded from, as given. */
  readonly file: string;
  /** SHA-256 (hex) of the file's text, UTF-8. */
  readonly fileSha256: string;
  /** Cache directory as written (relative paths are relative to the working directory). */
  readonly cacheDir: string;
  /** Expanded cells, in the documented grid order. */
  readonly cells: CellConfig[];
  /** null where the pipeline skips that baseline. */
  readonly baselines: { readonly sgd: SgdConfig | null; readonly exact: ExactConfig | null };
  /** False when the pipeline skips the report. */
  readonly report: boolean;
}
