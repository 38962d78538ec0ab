/**
 * The pipeline file's schema, defined once: a table of field specs (type, the sentence an error
 * shows, default, whether a list sweeps it) from which both the zod validator and the published
 * JSON Schema (pipelines/schema.json) are built.
 */
import { z } from "zod";
import {
  DEFAULT_CACHE_DIR,
  DEFAULT_DATASET,
  DEFAULT_EXACT,
  DEFAULT_FEATURES,
  DEFAULT_SAMPLER,
  DEFAULT_SGD,
  DEFAULT_TRAINING,
} from "./defaults.ts";
import {
  ACTIVATIONS,
  COLOR_MODES,
  DATASET_NAMES,
  EMNIST_SPLITS,
  ETA_SCHEDULES,
  FILTER_INITS,
  POLICIES,
  POOLINGS,
  SAMPLER_NAMES,
} from "./types.ts";
import { samplerParamsJsonSchema } from "./sampler_params_schema.ts";

/** One leaf field of a pipeline file. */
export interface FieldSpec {
  /** Validator of one value (not the list form). */
  readonly scalar: z.ZodType;
  /** What a valid value is, as an error shows it: "an integer from 1 to 32". */
  readonly expect: string;
  /** Allowed values of an enum field, for "did you mean" suggestions. */
  readonly choices?: readonly string[];
  /** True when a list of values expands into a grid. */
  readonly grid: boolean;
  /** Shown by editors. */
  readonly description: string;
  /** Default shown by editors (the loader fills it from defaults.ts). */
  readonly default?: unknown;
  /** Dataset fields only: the one dataset it applies to (dropped from the others' cells). */
  readonly appliesTo?: (typeof DATASET_NAMES)[number];
  /**
   * How the field shows in cell ids: "varying" (default: field=value where it varies), or
   * "never" (a location like dataDir, or a part of the id's fixed skeleton).
   */
  readonly inCellId?: "varying" | "never";
}

function int(min: number, max?: number): Pick<FieldSpec, "scalar" | "expect"> {
  const base = z.int().min(min);
  if (max === undefined) return { scalar: base, expect: `an integer >= ${min}` };
  return { scalar: base.max(max), expect: `an integer from ${min} to ${max}` };
}

function positive(): Pick<FieldSpec, "scalar" | "expect"> {
  return { scalar: z.number().gt(0), expect: "a number > 0" };
}

function nonNegative(): Pick<FieldSpec, "scalar" | "expect"> {
  return { scalar: z.number().min(0), expect: "a number >= 0" };
}

function unitInterval(): Pick<FieldSpec, "scalar" | "expect"> {
  return { scalar: z.number().gt(0).lt(1), expect: "a number between 0 and 1 (exclusive)" };
}

function greaterThanOne(): Pick<FieldSpec, "scalar" | "expect"> {
  return { scalar: z.number().gt(1), expect: "a number > 1" };
}

function oneOf(values: readonly string[]): Pick<FieldSpec, "scalar" | "expect" | "choices"> {
  return {
    scalar: z.enum(values as [string, ...string[]]),
    expect: `one of ${values.join(", ")}`,
    choices: values,
  };
}

function gridField(
  kind: Pick<FieldSpec, "scalar" | "expect" | "choices">,
  description: string,
  defaultValue?: unknown,
): FieldSpec {
  return { ...kind, grid: true, description, default: defaultValue };
}

function plainField(
  kind: Pick<FieldSpec, "scalar" | "expect" | "choices">,
  description: string,
  defaultValue?: unknown,
): FieldSpec {
  return { ...kind, grid: false, description, default: defaultValue };
}

const perClass = {
  scalar: z.union([z.int().min(1), z.null()]),
  expect: "a positive integer or null (all images)",
};

/** Dataset fields, in documentation order. */
export const DATASET_FIELDS: Record<string, FieldSpec> = {
  name: {
    ...gridField(
      oneOf(DATASET_NAMES),
      "Catalogue dataset; required (unless a zip group gives dataset.name).",
    ),
    inCellId: "never", // the id's prefix
  },
  split: {
    ...gridField(oneOf(EMNIST_SPLITS), "EMNIST only: which split.", DEFAULT_DATASET.split),
    appliesTo: "emnist",
    inCellId: "never", // in the id's prefix, emnist:<split>
  },
  testFraction: {
    ...gridField(
      { scalar: z.number().gt(0).lt(1), expect: "a number between 0 and 1 (exclusive)" },
      "Digits only (no official split): fraction held out for test, stratified.",
      DEFAULT_DATASET.testFraction,
    ),
    appliesTo: "digits",
  },
  splitSeed: {
    ...gridField(int(0), "Digits only: seed of the stratified split.", 0),
    appliesTo: "digits",
  },
  trainPerClass: gridField(
    perClass,
    "Seeded per-class subsample of the training set; null = all images.",
    null,
  ),
  testPerClass: gridField(
    perClass,
    "Seeded per-class subsample of the test set; null = all images.",
    null,
  ),
  subsampleSeed: gridField(int(0), "Seed of the per-class subsampling.", 0),
  color: {
    ...gridField(
      oneOf(COLOR_MODES),
      "CIFAR-10 only: gray (luminance) or rgb.",
      DEFAULT_DATASET.color,
    ),
    appliesTo: "cifar10",
  },
  dataDir: {
    ...plainField(
      { scalar: z.union([z.string().min(1), z.null()]), expect: "a directory path or null" },
      "Directory to look in first (relative to this file); never swept.",
      null,
    ),
    inCellId: "never", // a location, not a parameter
  },
};

/** Feature fields, in documentation order. */
export const FEATURE_FIELDS: Record<string, FieldSpec> = {
  filters: gridField(int(1), "Number of random convolution filters.", DEFAULT_FEATURES.filters),
  kernel: gridField(int(1), "Filter size k (k x k).", DEFAULT_FEATURES.kernel),
  stride: gridField(int(1), "Convolution stride.", DEFAULT_FEATURES.stride),
  activation: gridField(oneOf(ACTIVATIONS), "Activation.", DEFAULT_FEATURES.activation),
  pooling: gridField(oneOf(POOLINGS), "Pooling kind.", DEFAULT_FEATURES.pooling),
  pool: gridField(int(1), "Pooling window and stride.", DEFAULT_FEATURES.pool),
  filterInit: gridField(
    oneOf(FILTER_INITS),
    "Distribution of the random filters.",
    DEFAULT_FEATURES.filterInit,
  ),
  seed: { ...gridField(int(0), "Filter seed.", DEFAULT_FEATURES.seed), inCellId: "never" },
};

/** Training fields, in documentation order. */
export const TRAINING_FIELDS: Record<string, FieldSpec> = {
  bits: gridField(int(1, 32), "K, bits per weight.", DEFAULT_TRAINING.bits),
  policy: gridField(
    oneOf(POLICIES),
    "Box policy: trust (centred on the weights, sized from the step) or fixed ([-R, R]).",
    DEFAULT_TRAINING.policy,
  ),
  iterations: gridField(int(1), "Outer iterations T.", DEFAULT_TRAINING.iterations),
  eta: gridField(
    positive(),
    "Curvature scale of the surrogate H = eta G + ridge I (1/2: Bohning's bound, a true majoriser); the adaptive schedule's start and ceiling.",
    DEFAULT_TRAINING.eta,
  ),
  etaSchedule: gridField(
    oneOf(ETA_SCHEDULES),
    "fixed: eta every iteration (the paper's setting). adaptive: shrink eta after an iteration that lowered the training loss, restore the weights and grow it after one that raised it.",
    DEFAULT_TRAINING.etaSchedule,
  ),
  etaMin: gridField(positive(), "Adaptive schedule: smallest eta.", DEFAULT_TRAINING.etaMin),
  etaShrink: gridField(
    unitInterval(),
    "Adaptive schedule: eta factor after an improving iteration (0 < f < 1).",
    DEFAULT_TRAINING.etaShrink,
  ),
  etaGrow: gridField(
    greaterThanOne(),
    "Adaptive schedule: eta factor after a rejected iteration (> 1).",
    DEFAULT_TRAINING.etaGrow,
  ),
  ridge: gridField(
    nonNegative(),
    "Ridge penalty lambda/2 ||W||^2 on the objective (head and baselines alike); > 0 keeps the exact optimum finite on separable data.",
    DEFAULT_TRAINING.ridge,
  ),
  trustScale: gridField(
    positive(),
    "Trust policy: half-width = trustScale * |continuous step|.",
    DEFAULT_TRAINING.trustScale,
  ),
  minHalfWidth: gridField(
    positive(),
    "Trust policy: floor of the half-width.",
    DEFAULT_TRAINING.minHalfWidth,
  ),
  fixedRadius: gridField(positive(), "Fixed policy: box [-R, R].", DEFAULT_TRAINING.fixedRadius),
  patience: gridField(
    int(1),
    "Stop after this many iterations without training-loss improvement.",
    DEFAULT_TRAINING.patience,
  ),
  tolerance: gridField(
    nonNegative(),
    "Relative training-loss improvement that counts.",
    DEFAULT_TRAINING.tolerance,
  ),
  coldPrecision: gridField(
    int(1),
    "Precision the annealer's cold end resolves, in bits below the top of the box.",
    DEFAULT_TRAINING.coldPrecision,
  ),
};

/** Sampler fields. */
export const SAMPLER_FIELDS: Record<string, FieldSpec> = {
  name: gridField(oneOf(SAMPLER_NAMES), "Sampler.", DEFAULT_SAMPLER.name),
  params: plainField(
    { scalar: z.record(z.string(), z.unknown()), expect: "a map of sampler parameters" },
    "Sampler parameters, validated by the sampler (numReads, numSweeps, betaRange, seed, " +
      "solver, timeLimit, ...). A list sweeps a parameter; betaRange, betaSchedule and " +
      "initialStates take arrays, so sweep them with a list of arrays.",
    {},
  ),
};

/** SGD baseline fields. */
export const SGD_FIELDS: Record<string, FieldSpec> = {
  epochs: plainField(int(1), "Epochs.", DEFAULT_SGD.epochs),
  learningRate: plainField(positive(), "Learning rate.", DEFAULT_SGD.learningRate),
  batchSize: plainField(int(1), "Mini-batch size.", DEFAULT_SGD.batchSize),
  seed: plainField(int(0), "Shuffling seed.", DEFAULT_SGD.seed),
};

/** Exact softmax-regression baseline fields. */
export const EXACT_FIELDS: Record<string, FieldSpec> = {
  maxIterations: plainField(int(1), "Iteration cap of the solver.", DEFAULT_EXACT.maxIterations),
  tolerance: plainField(positive(), "Convergence tolerance.", DEFAULT_EXACT.tolerance),
};

/** Executor fields: where the cells run (lib/executors/); never swept. */
export const EXECUTOR_FIELDS: Record<string, FieldSpec> = {
  name: plainField(
    oneOf(["local", "slurm"]),
    "local: this machine's Worker pool. slurm: Slurm job arrays over a shared cache directory.",
    "local",
  ),
  partition: plainField(
    { scalar: z.string().min(1), expect: "a partition name" },
    "Slurm partition (sbatch --partition); default: the cluster's default partition.",
  ),
  time: plainField(
    { scalar: z.string().regex(/^[0-9:-]+$/), expect: "a Slurm time such as 30, 2:00:00 or 1-0" },
    "Time limit of each task (sbatch --time).",
  ),
  cpusPerTask: plainField(int(1), "CPUs of each task (sbatch --cpus-per-task).", 1),
  mem: plainField(
    { scalar: z.string().regex(/^[0-9]+[KMGT]?$/), expect: "a memory size such as 4G or 500M" },
    "Memory of each task (sbatch --mem).",
  ),
  account: plainField(
    { scalar: z.string().min(1), expect: "an account name" },
    "Slurm account to charge (sbatch --account).",
  ),
  qos: plainField(
    { scalar: z.string().min(1), expect: "a QOS name" },
    "Slurm quality of service (sbatch --qos).",
  ),
  sbatchArgs: plainField(
    { scalar: z.array(z.string().min(1)), expect: "a list of sbatch arguments" },
    "Extra sbatch arguments, each one argument, such as --constraint=avx2.",
    [],
  ),
  pollSeconds: plainField(
    positive(),
    "Seconds between two looks at the queue while the submitter waits.",
    5,
  ),
};

/** Top-level scalar fields. */
export const TOP_FIELDS: Record<string, FieldSpec> = {
  name: plainField(
    {
      scalar: z.string().regex(/^[A-Za-z0-9._-]+$/),
      expect: "a name of letters, digits, '.', '_' or '-'",
    },
    "Pipeline name (results directory); default: the file's base name.",
  ),
  description: plainField(
    { scalar: z.string(), expect: "a string" },
    "What this pipeline is for.",
    "",
  ),
  cacheDir: plainField(
    { scalar: z.string().min(1), expect: "a directory path" },
    "Cache directory, relative to the working directory.",
    DEFAULT_CACHE_DIR,
  ),
  report: plainField({ scalar: z.boolean(), expect: "true or false" }, "Write the report.", true),
};

/** A container (map or list) of the file, for errors about its shape and its keys. */
export interface ContainerSpec {
  readonly expect: string;
  /** Allowed keys, for maps with fixed keys. */
  readonly keys?: readonly string[];
}

const keysOf = (fields: Record<string, FieldSpec>) => Object.keys(fields);

/**
 * Containers by normalised path (list indices dropped, free-form keys as "*"); see
 * {@link normalisePath}.
 */
export const CONTAINERS: Record<string, ContainerSpec> = {
  "": {
    expect: "a map with at least 'dataset'",
    keys: [
      "name",
      "description",
      "cacheDir",
      "dataset",
      "features",
      "training",
      "sampler",
      "baselines",
      "report",
      "zip",
      "executor",
    ],
  },
  executor: { expect: "a map of executor settings", keys: keysOf(EXECUTOR_FIELDS) },
  dataset: {
    expect: "a map with at least 'name' (or a list of such maps)",
    keys: keysOf(DATASET_FIELDS),
  },
  features: { expect: "a map of feature settings", keys: keysOf(FEATURE_FIELDS) },
  training: { expect: "a map of training settings", keys: keysOf(TRAINING_FIELDS) },
  sampler: {
    expect: "a map with 'name' and 'params' (or a list of such maps)",
    keys: keysOf(SAMPLER_FIELDS),
  },
  baselines: { expect: "a map with 'sgd' and 'exact', or false", keys: ["sgd", "exact"] },
  "baselines.sgd": {
    expect: `a map (${keysOf(SGD_FIELDS).join(", ")}), true or false`,
    keys: keysOf(SGD_FIELDS),
  },
  "baselines.exact": {
    expect: `a map (${keysOf(EXACT_FIELDS).join(", ")}), true or false`,
    keys: keysOf(EXACT_FIELDS),
  },
  zip: { expect: "a list of groups, each a map from dotted paths to lists of values" },
  "zip.*": { expect: "a map from dotted paths (such as features.filters) to lists of values" },
  "zip.*.*": { expect: "a list of values" },
};

/** Leaf fields by normalised dotted path ("training.bits", "baselines.sgd.epochs", ...). */
export const FIELDS: Record<string, FieldSpec> = Object.fromEntries([
  ...prefixed("dataset", DATASET_FIELDS),
  ...prefixed("features", FEATURE_FIELDS),
  ...prefixed("training", TRAINING_FIELDS),
  ...prefixed("sampler", SAMPLER_FIELDS),
  ...prefixed("baselines.sgd", SGD_FIELDS),
  ...prefixed("baselines.exact", EXACT_FIELDS),
  ...prefixed("", TOP_FIELDS),
  ...prefixed("executor", EXECUTOR_FIELDS),
]);

function prefixed(prefix: string, fields: Record<string, FieldSpec>): [string, FieldSpec][] {
  return Object.entries(fields).map(([key, spec]) => [prefix ? `${prefix}.${key}` : key, spec]);
}

/**
 * Drops list indices and marks free-form keys: ["dataset", 1, "name"] -> "dataset.name",
 * ["zip", 0, "features.filters", 2] -> "zip.*.*", ["sampler", "params", "numReads"] ->
 * "sampler.params.*". Indices into a grid field's list are dropped the same way.
 */
export function normalisePath(path: readonly PropertyKey[]): string {
  const out: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === "number") {
      if (out.length === 1 && out[0] === "zip") out.push("*");
      continue;
    }
    const parent = out.join(".");
    if (parent === "sampler.params" || parent === "zip.*") out.push("*");
    else out.push(String(seg));
  }
  return out.join(".");
}

function fieldSchema(spec: FieldSpec, required = false): z.ZodType {
  const value = spec.grid ? z.union([spec.scalar, z.array(spec.scalar).min(1)]) : spec.scalar;
  const description = spec.grid
    ? `${spec.description} Must be ${spec.expect}; a list of them sweeps the values (grid).`
    : `${spec.description} Must be ${spec.expect}.`;
  const meta: Record<string, unknown> = { description };
  if (spec.default !== undefined) meta.default = spec.default;
  return (required ? value : value.optional()).meta(meta);
}

function section(
  fields: Record<string, FieldSpec>,
  description: string,
  required: readonly string[] = [],
  id?: string,
) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(fields)) {
    shape[key] = fieldSchema(spec, required.includes(key));
  }
  // An id makes the JSON Schema define the map once (it is used as a map and in a list).
  return z.strictObject(shape).meta(id ? { id, description } : { description });
}

function mapOrList(map: z.ZodType, description: string) {
  return z.union([map, z.array(map).min(1)]).meta({ description });
}

const datasetMap = section(DATASET_FIELDS, "One dataset request.", [], "dataset");
const samplerMap = section(SAMPLER_FIELDS, "One sampler with its parameters.", [], "sampler");
const sgdSchema = z.union([z.boolean(), section(SGD_FIELDS, "SGD settings.")]).meta({
  description: "Mini-batch SGD baseline on the same features: settings, true for defaults, " +
    "or false to skip.",
});
const exactSchema = z.union([z.boolean(), section(EXACT_FIELDS, "Solver settings.")]).meta({
  description: "Exact softmax-regression baseline (the ceiling): settings, true for defaults, " +
    "or false to skip.",
});

/**
 * The zod schema of a pipeline file as written (lists not yet expanded, defaults not filled).
 */
export const pipelineFileSchema = z.strictObject({
  name: fieldSchema(TOP_FIELDS.name),
  description: fieldSchema(TOP_FIELDS.description),
  cacheDir: fieldSchema(TOP_FIELDS.cacheDir),
  dataset: mapOrList(
    datasetMap,
    "Dataset: a map, or a list of maps (each one value of the grid).",
  ),
  features: section(FEATURE_FIELDS, "Random frozen convolution.").optional(),
  training: section(TRAINING_FIELDS, "QUBO training loop.").optional(),
  sampler: mapOrList(
    samplerMap,
    "Sampler: a map, or a list of maps (each one value of the grid).",
  ).optional(),
  baselines: z.union([
    z.literal(false),
    z.strictObject({ sgd: sgdSchema.optional(), exact: exactSchema.optional() }),
  ]).optional().meta({
    description: "Classical baselines on the same features; false skips both.",
  }),
  report: fieldSchema(TOP_FIELDS.report),
  zip: z.array(
    z.record(z.string(), z.array(z.unknown()).min(1)).meta({
      description: "Dotted paths (such as features.filters or sampler.params.numReads) whose " +
        "lists are taken position by position instead of crossed.",
    }),
  ).optional().meta({ description: "Groups of values that go together." }),
  executor: section(
    EXECUTOR_FIELDS,
    "Where the cells run and the Slurm resources of each task; flags override it.",
  ).optional(),
}).meta({
  title: "qubo-cnn pipeline",
  description: "A sweep of QUBO-trained CNN classifier heads. A list in a dataset, features, " +
    "training or sampler field expands into a grid (cartesian product).",
});

/** A pipeline file as written, after validation and before grid expansion. */
export type PipelineFile = {
  name?: string;
  description?: string;
  cacheDir?: string;
  dataset: RawSection | RawSection[];
  features?: RawSection;
  training?: RawSection;
  sampler?: RawSection | RawSection[];
  baselines?: false | { sgd?: boolean | RawSection; exact?: boolean | RawSection };
  report?: boolean;
  zip?: Record<string, unknown[]>[];
  executor?: RawSection;
};

/** A section as written: a value or a list of values per field. */
export type RawSection = Record<string, unknown>;

/** The published JSON Schema (draft-07, which editors support best) of pipeline files. */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(pipelineFileSchema, {
    io: "input",
    target: "draft-7",
  }) as Record<string, unknown>;
  // sampler.params from the sampler registry: every parameter with type, default, meaning.
  const sampler = (schema.definitions as Record<string, Record<string, unknown>>).sampler;
  const properties = sampler.properties as Record<string, { description: string }>;
  const { params, rules } = samplerParamsJsonSchema(properties.params.description);
  properties.params = params as { description: string };
  sampler.allOf = rules;
  return schema;
}
