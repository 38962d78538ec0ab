/**
 * The content-addressed cache contract (DESIGN.md section 2, issue 3).
 *
 * key = SHA-256 hex of canonical JSON (sorted keys, no whitespace) of
 *   { stage, version, params, upstream }   -- never timestamps or paths.
 */

/** What identifies a stage computation. */
export interface StageSpec {
  /** Stage name: "dataset", "features", "gram", "qubo", "solve", "train", "baseline"... */
  readonly stage: string;
  /** Stage code version: bump when the stage's output for the same inputs changes. */
  readonly version: number;
  /** The stage's declared parameters (JSON only). */
  readonly params: unknown;
  /** Keys of the upstream artifacts, by role ("features": "<sha256>"). */
  readonly upstream: Readonly<Record<string, string>>;
}

/** Typed arrays an artifact may hold. */
export type ArtifactArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** What a stage produces: small JSON meta plus named typed arrays. */
export interface Artifact {
  /** JSON-serialisable metadata. */
  readonly meta: unknown;
  /** Named typed arrays, stored as raw little-endian bytes. */
  readonly arrays: Readonly<Record<string, ArtifactArray>>;
}

/** Result of a cache lookup-or-compute. */
export interface CachedArtifact {
  /** The stage key the artifact is stored under. */
  readonly key: string;
  /** The artifact, computed or read back. */
  readonly artifact: Artifact;
  /** True when nothing was computed. */
  readonly hit: boolean;
}

/** The store the runner uses. */
export interface ArtifactCache {
  /** The key of a spec (pure; same spec in any key order gives the same key). */
  key(spec: StageSpec): Promise<string>;
  /** Returns the cached artifact or computes, stores (atomically) and returns it. */
  getOrCompute(
    spec: StageSpec,
    compute: () => Promise<Artifact>,
    write?: WriteOptions,
  ): Promise<CachedArtifact>;
  /** Hits and misses per stage since this store was opened. */
  stats(): Record<string, { hits: number; misses: number }>;
}

/** Options of one cache write (getOrCompute, a stage's run). */
export interface WriteOptions {
  /** fsync this entry before renaming it into place (default: the store's `durable`). */
  readonly durable?: boolean;
}
