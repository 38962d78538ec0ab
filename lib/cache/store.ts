/**
 * The file-backed content-addressed artifact cache (DESIGN.md section 2).
 *
 * Writes go to a unique temp file in the entry's directory, are fsynced, then renamed over
 * the entry name: a killed process leaves at most a temp file, which is never read. Two
 * processes writing the same key both finish with a valid entry (rename is atomic and the
 * same key means the same content). Reads verify magic, lengths and the SHA-256 of the
 * whole entry; a corrupted entry is reported, removed and recomputed.
 */
import { dirname } from "node:path";
import { UserError } from "../errors.ts";
import { stageKey } from "./canonical.ts";
import { CorruptEntryError, decodeEntry, encodeEntry } from "./entry_format.ts";
import { entryPath, tempPath } from "./layout.ts";
import type { Artifact, ArtifactCache, CachedArtifact, StageSpec, WriteOptions } from "./types.ts";

/** What the cache reports while it works (the runner logs these; tests count them). */
export type CacheEvent =
  | { readonly kind: "hit"; readonly key: string; readonly stage: string; readonly path: string }
  | { readonly kind: "miss"; readonly key: string; readonly stage: string }
  | {
    readonly kind: "store";
    readonly key: string;
    readonly stage: string;
    readonly path: string;
    readonly bytes: number;
  }
  | {
    readonly kind: "corrupt";
    readonly key: string;
    readonly path: string;
    readonly reason: string;
  };

/** Options of {@link openCache}. */
export interface CacheOptions {
  /** Called for every hit, miss, store and corrupt entry found. */
  readonly onEvent?: (event: CacheEvent) => void;
  /** fsync each entry before renaming it into place (default true). */
  readonly durable?: boolean;
  /**
   * Stages whose entries this store recomputes although cached (`run --force`): the first
   * lookup of each key in this process recomputes and replaces it, later ones hit the new entry.
   */
  readonly force?: readonly string[];
}

/** A verified entry with what its header records. */
export interface StoredEntry {
  /** The stage spec the entry was computed for. */
  readonly spec: StageSpec;
  /** The stored result. */
  readonly artifact: Artifact;
  /** When the entry was written. */
  readonly created: Date;
}

/** Hit and miss counts of one stage. */
export interface StageStats {
  hits: number;
  misses: number;
}

/**
 * Opens (creating it if needed) a cache directory.
 * @throws UserError when the directory cannot be created
 */
export async function openCache(
  dir: string,
  options: CacheOptions = {},
): Promise<FileArtifactCache> {
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UserError(
      `Cannot create the cache directory "${dir}" (${errorText(error)}): choose a writable ` +
        `directory with --cache-dir.`,
      { code: "cache" },
    );
  }
  return new FileArtifactCache(dir, options);
}

/** The artifact cache the runner uses: one directory of verified entry files. */
export class FileArtifactCache implements ArtifactCache {
  readonly #inflight = new Map<string, Promise<CachedArtifact>>();
  readonly #stats = new Map<string, StageStats>();
  readonly #touched = new Set<string>();
  /** Entry directories this process has made (or found): mkdir once each, not per write. */
  readonly #directories = new Set<string>();
  readonly #onEvent: (event: CacheEvent) => void;
  readonly #durable: boolean;
  readonly #force: ReadonlySet<string>;
  readonly #recomputed = new Set<string>();

  /** Use {@link openCache}, which also creates the directory. */
  constructor(readonly dir: string, options: CacheOptions = {}) {
    this.#onEvent = options.onEvent ?? (() => {});
    this.#durable = options.durable ?? true;
    this.#force = new Set(options.force ?? []);
  }

  /** The key of a spec: SHA-256 of its canonical JSON. */
  key(spec: StageSpec): Promise<string> {
    return stageKey(spec);
  }

  /** Path of the entry file of a key (it may not exist). */
  path(key: string): string {
    return entryPath(this.dir, key);
  }

  /**
   * Returns the cached artifact, or computes, stores (atomically) and returns it. Concurrent
   * calls for the same key within this process share one computation. Artifacts returned
   * on a hit may share buffers with other callers: treat them as read-only.
   * `options.durable: false` skips the fsync for this entry (one that is cheap to recompute: a
   * torn entry fails its checksum and is recomputed), whatever the store's default.
   */
  async getOrCompute(
    spec: StageSpec,
    compute: () => Promise<Artifact>,
    options: WriteOptions = {},
  ): Promise<CachedArtifact> {
    const key = await stageKey(spec);
    const pending = this.#inflight.get(key);
    if (pending) {
      const shared = await pending;
      this.#count(spec.stage, "hits");
      return { key, artifact: shared.artifact, hit: true };
    }
    const work = this.#lookupOrCompute(key, spec, compute, options.durable ?? this.#durable);
    this.#inflight.set(key, work);
    try {
      return await work;
    } finally {
      this.#inflight.delete(key);
    }
  }

  /**
   * The verified artifact of a key, or undefined when absent (or corrupt: then it is
   * reported and removed).
   */
  async read(key: string): Promise<Artifact | undefined> {
    return (await this.#read(key))?.artifact;
  }

  /** Like {@link read}, with the spec and creation time stored beside the artifact. */
  readEntry(key: string): Promise<StoredEntry | undefined> {
    return this.#read(key);
  }

  /** Hits and misses per stage since this store was opened. */
  stats(): Record<string, { hits: number; misses: number }> {
    const out: Record<string, StageStats> = {};
    for (const [stage, s] of [...this.#stats].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out[stage] = { ...s };
    }
    return out;
  }

  async #lookupOrCompute(
    key: string,
    spec: StageSpec,
    compute: () => Promise<Artifact>,
    durable: boolean,
  ): Promise<CachedArtifact> {
    const forced = this.#force.has(spec.stage) && !this.#recomputed.has(key);
    if (forced) this.#recomputed.add(key);
    const found = forced ? undefined : await this.#read(key);
    if (found) {
      this.#count(spec.stage, "hits");
      this.#onEvent({ kind: "hit", key, stage: spec.stage, path: this.path(key) });
      return { key, artifact: found.artifact, hit: true };
    }
    this.#count(spec.stage, "misses");
    this.#onEvent({ kind: "miss", key, stage: spec.stage });
    const artifact = await compute();
    const bytes = await encodeEntry(key, spec, artifact);
    await this.#write(key, bytes, durable);
    this.#onEvent({
      kind: "store",
      key,
      stage: spec.stage,
      path: this.path(key),
      bytes: bytes.length,
    });
    return { key, artifact, hit: false };
  }

  async #read(key: string): Promise<StoredEntry | undefined> {
    const path = this.path(key);
    for (let attempt = 0;; attempt++) {
      const bytes = await readIfExists(path);
      if (bytes === "directory") {
        // Not something this cache wrote: treat it as a corrupt entry, so the run recomputes.
        this.#onEvent({ kind: "corrupt", key, path, reason: "is a directory, not an entry file" });
        await Deno.remove(path, { recursive: true }).catch(() => {});
        return undefined;
      }
      if (!bytes) return undefined;
      try {
        const { header, artifact } = await decodeEntry(bytes, key);
        await this.#touch(key, path);
        return { spec: header.spec, artifact, created: new Date(header.created) };
      } catch (error) {
        if (!(error instanceof CorruptEntryError)) throw error;
        // Another process may have just replaced a bad entry with a good one: look once more
        // before removing, so a good entry is rarely thrown away.
        if (attempt === 0) continue;
        this.#onEvent({ kind: "corrupt", key, path, reason: error.reason });
        await Deno.remove(path).catch(() => {});
        return undefined;
      }
    }
  }

  /** Marks an entry used (its mtime is its last-used time, for gc), once per process. */
  async #touch(key: string, path: string): Promise<void> {
    if (this.#touched.has(key)) return;
    this.#touched.add(key);
    const now = new Date();
    // A read-only cache still serves hits; it only loses least-recently-used order.
    await Deno.utime(path, now, now).catch(() => {});
  }

  async #write(key: string, bytes: Uint8Array, durable: boolean): Promise<void> {
    const path = this.path(key);
    const temp = tempPath(this.dir, key);
    try {
      const file = await this.#createTemp(temp, dirname(path));
      try {
        let written = 0;
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
        if (durable) await file.syncData();
      } finally {
        file.close();
      }
      await Deno.rename(temp, path);
      this.#touched.add(key);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw new UserError(
        `Cannot write cache entry "${path}" (${errorText(error)}): free disk space or choose ` +
          `a writable directory with --cache-dir.`,
        { code: "cache" },
      );
    }
  }

  /** Opens a new temp file, making its directory first unless this process already did. */
  async #createTemp(temp: string, directory: string): Promise<Deno.FsFile> {
    if (this.#directories.has(directory)) {
      try {
        return await Deno.open(temp, { write: true, createNew: true });
      } catch (error) {
        // Removed since (cache clear, gc): make it again below.
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    await Deno.mkdir(directory, { recursive: true });
    this.#directories.add(directory);
    return await Deno.open(temp, { write: true, createNew: true });
  }

  #count(stage: string, field: keyof StageStats): void {
    let s = this.#stats.get(stage);
    if (!s) this.#stats.set(stage, s = { hits: 0, misses: 0 });
    s[field]++;
  }
}

async function readIfExists(path: string): Promise<Uint8Array | "directory" | undefined> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof Deno.errors.IsADirectory) return "directory";
    if (await Deno.stat(path).then((s) => s.isDirectory, () => false)) return "directory";
    throw new UserError(
      `Cannot read cache entry "${path}" (${errorText(error)}): check its permissions or ` +
        `choose another directory with --cache-dir.`,
      { code: "cache" },
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
