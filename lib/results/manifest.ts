/**
 * DIR/manifest.json: how a run was made (pipeline file and hash, labels, provenance, versions)
 * and every expanded cell with its cache keys and stage specs (what `why` and `compare` read).
 * The schema is the one source of the format: the runner writes `RunManifest`, every reader
 * checks the file against `runManifestSchema`. Fields added after the first version are
 * optional, so older manifests still read.
 *
 * The public interfaces below are what the schemas parse, checked identical at compile time
 * (lib/results/json_file.ts Identical): a field added to one and not the other fails
 * `deno check`. (They are spelled out because the public API may not name zod's types.)
 */
import { z } from "zod";
import { type Identical, jsonNumber, type ResultOf } from "./json_file.ts";

/** The project's source state; `commit` is null outside a git checkout (a tarball, no git). */
export const gitProvenanceSchema = z.object({
  commit: z.string().nullable(),
  /** Tracked files modified or staged but not committed (untracked files do not count). */
  dirty: z.boolean().nullable(),
  /** How many tracked files differ from the commit. */
  changedFiles: z.number().int().nonnegative().optional(),
  /** Why commit is null, when it is. */
  unavailable: z.string().optional(),
});

/** The project's source state when the run was made (see the schema). */
export interface GitProvenance {
  /** Git commit, or null outside a git checkout. */
  readonly commit: string | null;
  /** Tracked files modified or staged but not committed (untracked files do not count). */
  readonly dirty: boolean | null;
  /** How many tracked files differ from the commit. */
  readonly changedFiles?: number;
  /** Why commit is null, when it is. */
  readonly unavailable?: string;
}

/** DIR/manifest.json `provenance`: where a run's numbers came from. */
export const provenanceSchema = z.object({
  git: gitProvenanceSchema,
  /** sha256 of deno.lock, or null when the project has none. */
  denoLockSha256: z.string().nullable(),
  deno: z.string(),
  v8: z.string(),
  typescript: z.string(),
  machine: z.object({
    os: z.string(),
    arch: z.string(),
    /** Logical cores the runtime reports. */
    cores: z.number(),
    /** Total memory, bytes. */
    memoryBytes: z.number(),
    /** CPU model name where the OS reports it (Linux /proc/cpuinfo). */
    cpu: z.string().optional(),
  }),
});

/** Where a run's numbers came from, never part of a cache key (see the schema). */
export interface Provenance {
  /** The project's source state. */
  readonly git: GitProvenance;
  /** sha256 of deno.lock, or null when the project has none. */
  readonly denoLockSha256: string | null;
  /** Deno.version of the run. */
  readonly deno: string;
  /** V8 version. */
  readonly v8: string;
  /** TypeScript version. */
  readonly typescript: string;
  /** The machine the run ran on. */
  readonly machine: {
    /** Operating system. */
    readonly os: string;
    /** CPU architecture. */
    readonly arch: string;
    /** Logical cores the runtime reports. */
    readonly cores: number;
    /** Total memory, bytes. */
    readonly memoryBytes: number;
    /** CPU model name where the OS reports it (Linux /proc/cpuinfo). */
    readonly cpu?: string;
  };
}

/** What identifies a stage computation, as the manifest records it (lib/cache/types.ts). */
export const stageSpecSchema = z.object({
  stage: z.string(),
  version: z.number(),
  params: z.unknown(),
  upstream: z.record(z.string(), z.string()),
});

/** A cell's configuration section (dataset, features, training, sampler) as recorded. */
const section = z.record(z.string(), z.unknown());

/**
 * One expanded cell: its configuration (the pipeline's CellConfig, defaults filled), the cache
 * key of each of its stages and the spec each key was computed from.
 */
export const manifestCellSchema = z.object({
  /** Readable id such as "digits/seed=1/K=10/sa". */
  id: z.string(),
  dataset: section,
  features: section.optional(),
  training: section.optional(),
  sampler: section.optional(),
  /** The sampler as it ran: the pipeline's params with every declared default resolved. */
  samplerResolved: section.optional(),
  /** Cache key per stage ("features", "gram", "train", "quboSample", ...). */
  keys: z.record(z.string(), z.string()),
  /** The spec each key is the hash of. */
  specs: z.record(z.string(), stageSpecSchema),
});

/** A cell's configuration section as the manifest records it. */
export type ManifestSection = { readonly [field: string]: unknown };

/** One expanded cell of a manifest (see the schema). */
export interface ManifestCell {
  /** Readable id such as "digits/seed=1/K=10/sa". */
  readonly id: string;
  /** The dataset section, defaults filled. */
  readonly dataset: ManifestSection;
  /** The random convolution. */
  readonly features?: ManifestSection;
  /** The QUBO training loop. */
  readonly training?: ManifestSection;
  /** The sampler of the class QUBOs. */
  readonly sampler?: ManifestSection;
  /** The sampler as it ran: the pipeline's params with every declared default resolved. */
  readonly samplerResolved?: ManifestSection;
  /** Cache key per stage ("features", "gram", "train", "quboSample", ...). */
  readonly keys: { readonly [stage: string]: string };
  /** The spec each key is the hash of. */
  readonly specs: {
    readonly [stage: string]: {
      /** Stage name. */
      readonly stage: string;
      /** qubo-cnn's version (deno.json). */
      readonly version: number;
      /** Parameters as the sampler ran (see the schema). */
      readonly params: unknown;
      /** Keys of the upstream artifacts, by role. */
      readonly upstream: { readonly [role: string]: string };
    };
  };
}

/** DIR/manifest.json. */
export const runManifestSchema = z.object({
  /** Pipeline name. */
  pipeline: z.string(),
  /** The pipeline file the run read. */
  pipelineFile: z.string().optional(),
  /** sha256 of that file's bytes. */
  pipelineHash: z.string().optional(),
  /** When the run finished writing its results (ISO 8601). */
  createdAt: z.string().optional(),
  /** qubo-cnn's version (deno.json). */
  version: z.string().optional(),
  /** Run name (--name). */
  name: z.string().optional(),
  /** Tags given with --tag, in order. */
  tags: z.array(z.string()).optional(),
  /** Command-line overrides, as typed, in order (lib/pipeline/overrides.ts). */
  overrides: z.array(z.string()).optional(),
  provenance: provenanceSchema.optional(),
  /** Deno.version of the run. */
  deno: z.object({ deno: z.string(), v8: z.string(), typescript: z.string() }).optional(),
  /** The cache folder the run used. */
  cacheDir: z.string().optional(),
  /** Parallel solves. */
  jobs: z.number().optional(),
  /** Wall-clock seconds of the whole run. */
  seconds: jsonNumber.optional(),
  /** Every finished cell, in grid order. */
  cells: z.array(manifestCellSchema),
});

/** DIR/manifest.json (see the schema). */
export interface RunManifest {
  /** Pipeline name. */
  readonly pipeline: string;
  /** The pipeline file the run read. */
  readonly pipelineFile?: string;
  /** sha256 of that file's bytes. */
  readonly pipelineHash?: string;
  /** When the run finished writing its results (ISO 8601). */
  readonly createdAt?: string;
  /** qubo-cnn's version (deno.json). */
  readonly version?: string;
  /** Run name (--name). */
  readonly name?: string;
  /** Tags given with --tag, in order. */
  readonly tags?: readonly string[];
  /** Command-line overrides, as typed, in order (lib/pipeline/overrides.ts). */
  readonly overrides?: readonly string[];
  /** Where the run's numbers came from (git, deno.lock, versions, machine). */
  readonly provenance?: Provenance;
  /** Deno.version of the run. */
  readonly deno?: { readonly deno: string; readonly v8: string; readonly typescript: string };
  /** The cache folder the run used. */
  readonly cacheDir?: string;
  /** Parallel solves. */
  readonly jobs?: number;
  /** Wall-clock seconds of the whole run. */
  readonly seconds?: number;
  /** Every finished cell, in grid order. */
  readonly cells: readonly ManifestCell[];
}

// Compile-time checks only: each interface is exactly what its schema parses.
void [
  true satisfies Identical<GitProvenance, ResultOf<typeof gitProvenanceSchema>>,
  true satisfies Identical<Provenance, ResultOf<typeof provenanceSchema>>,
  true satisfies Identical<ManifestCell, ResultOf<typeof manifestCellSchema>>,
  true satisfies Identical<RunManifest, ResultOf<typeof runManifestSchema>>,
];
