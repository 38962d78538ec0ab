/**
 * Looking after a cache directory: list entries, verify them, collect garbage. Used by the
 * `cache ls`, `cache verify` and `cache gc` commands; safe to run while a sweep writes.
 */
import { stageKey } from "./canonical.ts";
import {
  CorruptEntryError,
  decodeEntry,
  decodeHeader,
  type EntryHeader,
  PREFIX_BYTES,
} from "./entry_format.ts";
import { scanCacheFiles } from "./layout.ts";
import type { ProgressFn } from "../progress.ts";

/** One entry as `cache ls` shows it. */
export interface CacheEntryInfo {
  /** The entry's cache key. */
  readonly key: string;
  /** Path of the entry file. */
  readonly path: string;
  /** Stage name from the header ("?" when the header cannot be read). */
  readonly stage: string;
  /** Stage code version (-1 when the header cannot be read). */
  readonly version: number;
  /** File size in bytes. */
  readonly bytes: number;
  /** When the entry was written (from its header; the file time when unreadable). */
  readonly created: Date;
  /** Last time a run read or wrote it (the file's modification time). */
  readonly lastUsed: Date;
  /** Why the header could not be read, when it could not (the entry is corrupt). */
  readonly problem?: string;
}

/** Reads the prefix and header of an entry file, not its payload. */
async function readHeader(path: string): Promise<EntryHeader> {
  const file = await Deno.open(path, { read: true });
  try {
    const prefix = await readAtMost(file, PREFIX_BYTES);
    if (prefix.length < PREFIX_BYTES) return decodeHeader(prefix).header;
    const headerLength = new DataView(prefix.buffer).getUint32(12, true);
    // A garbage length must not make us read a whole huge file.
    // Read the padding too: decodeHeader checks the padded header fits.
    const rest = await readAtMost(file, Math.min(Math.ceil(headerLength / 8) * 8, 1 << 24));
    const head = new Uint8Array(PREFIX_BYTES + rest.length);
    head.set(prefix);
    head.set(rest, PREFIX_BYTES);
    return decodeHeader(head).header;
  } finally {
    file.close();
  }
}

async function readAtMost(file: Deno.FsFile, size: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const n = await file.read(buffer.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

/** The problem of a directory found where an entry file belongs. */
export const DIRECTORY_PROBLEM = "is a directory, not an entry file";

/** Every entry of a cache directory, oldest first by creation (headers only, no hashing). */
export async function listEntries(dir: string): Promise<CacheEntryInfo[]> {
  const entries: CacheEntryInfo[] = [];
  for (const file of await scanCacheFiles(dir)) {
    if (file.kind === "temp") continue;
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(file.path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // removed meanwhile
      throw error;
    }
    const lastUsed = info.mtime ?? new Date(0);
    const base = { key: file.key, path: file.path, bytes: info.size, lastUsed };
    if (file.kind === "directory") {
      entries.push({
        ...base,
        stage: "?",
        version: -1,
        created: lastUsed,
        problem: DIRECTORY_PROBLEM,
      });
      continue;
    }
    try {
      const header = await readHeader(file.path);
      const created = new Date(header.created);
      entries.push({
        ...base,
        stage: header.spec.stage,
        version: header.spec.version,
        created: Number.isNaN(created.getTime()) ? lastUsed : created,
      });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      if (!(error instanceof CorruptEntryError)) throw error;
      entries.push({ ...base, stage: "?", version: -1, created: lastUsed, problem: error.reason });
    }
  }
  entries.sort((a, b) => a.created.getTime() - b.created.getTime() || (a.key < b.key ? -1 : 1));
  return entries;
}

/** A bad entry found by {@link verifyCache}. */
export interface BadEntry {
  /** The entry's cache key. */
  readonly key: string;
  /** Path of the entry file. */
  readonly path: string;
  /** What check failed. */
  readonly reason: string;
}

/** What {@link verifyCache} found. */
export interface VerifyReport {
  /** Entries checked. */
  readonly checked: number;
  /** Entries that failed a check. */
  readonly bad: readonly BadEntry[];
  /** Bad entries removed (only with `remove`). */
  readonly removed: number;
}

/**
 * Checks every entry in full: magic, lengths, SHA-256 of header and payload, and that the
 * stored spec hashes to the entry's key.
 */
export async function verifyCache(
  dir: string,
  options: { remove?: boolean; onProgress?: ProgressFn } = {},
): Promise<VerifyReport> {
  const files = (await scanCacheFiles(dir)).filter((f) => f.kind !== "temp");
  const bad: BadEntry[] = [];
  let removed = 0;
  let checked = 0;
  for (const file of files) {
    if (file.kind === "directory") {
      checked++;
      bad.push({ key: file.key, path: file.path, reason: DIRECTORY_PROBLEM });
      if (options.remove) {
        await Deno.remove(file.path, { recursive: true }).catch(() => {});
        removed++;
      }
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(file.path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw error;
    }
    checked++;
    let reason: string | undefined;
    try {
      const { header } = await decodeEntry(bytes, file.key);
      const specKey = await stageKey(header.spec).catch(() => "");
      if (specKey !== file.key) reason = "the stored spec does not hash to the entry's key";
    } catch (error) {
      if (!(error instanceof CorruptEntryError)) throw error;
      reason = error.reason;
    }
    if (reason !== undefined) {
      bad.push({ key: file.key, path: file.path, reason });
      if (options.remove) {
        await Deno.remove(file.path).catch(() => {});
        removed++;
      }
    }
    options.onProgress?.({ label: "verify", done: checked, total: files.length, unit: "entries" });
  }
  return { checked, bad, removed };
}

/** Options of {@link gcCache}. */
export interface GcOptions {
  /** Remove entries not used for longer than this many milliseconds. */
  readonly olderThan?: number;
  /** Then remove least recently used entries until the total is at most this many bytes. */
  readonly maxBytes?: number;
  /** Remove temp files (unfinished writes) older than this many ms (default one hour). */
  readonly tempOlderThan?: number;
  /** The time to measure ages from (default now). */
  readonly now?: Date;
  /** Report what would be removed without removing anything. */
  readonly dryRun?: boolean;
}

/** What {@link gcCache} removed and kept. */
export interface GcReport {
  /** Entries removed (or that would be, with `dryRun`). */
  readonly removed: readonly CacheEntryInfo[];
  /** Bytes of the removed entries. */
  readonly removedBytes: number;
  /** Stale temp files removed. */
  readonly removedTemps: number;
  /** Entries left in place. */
  readonly keptEntries: number;
  /** Bytes of the entries left in place. */
  readonly keptBytes: number;
}

/**
 * Removes entries unused for longer than `olderThan`, then the least recently used ones
 * until the cache holds at most `maxBytes`, and stale temp files of killed writers.
 */
export async function gcCache(dir: string, options: GcOptions = {}): Promise<GcReport> {
  const now = (options.now ?? new Date()).getTime();
  const tempOlderThan = options.tempOlderThan ?? 3_600_000;
  let removedTemps = 0;
  for (const file of await scanCacheFiles(dir)) {
    if (file.kind !== "temp") continue;
    const info = await Deno.stat(file.path).catch(() => undefined);
    // A fresh temp file may be a write in progress in another process: leave it.
    if (info && now - (info.mtime?.getTime() ?? 0) > tempOlderThan) {
      if (!options.dryRun) await Deno.remove(file.path).catch(() => {});
      removedTemps++;
    }
  }
  const entries = (await listEntries(dir)).sort((a, b) =>
    a.lastUsed.getTime() - b.lastUsed.getTime() || (a.key < b.key ? -1 : 1)
  );
  const removed: CacheEntryInfo[] = [];
  const kept: CacheEntryInfo[] = [];
  for (const entry of entries) {
    // A directory squatting on an entry's name is never a result: always removed.
    const old = entry.problem === DIRECTORY_PROBLEM || (options.olderThan !== undefined &&
      now - entry.lastUsed.getTime() > options.olderThan);
    (old ? removed : kept).push(entry);
  }
  let keptBytes = kept.reduce((sum, e) => sum + e.bytes, 0);
  if (options.maxBytes !== undefined) {
    // kept is least recently used first.
    while (kept.length > 0 && keptBytes > options.maxBytes) {
      const entry = kept.shift()!;
      keptBytes -= entry.bytes;
      removed.push(entry);
    }
  }
  if (!options.dryRun) {
    for (const entry of removed) {
      await Deno.remove(entry.path, { recursive: entry.problem === DIRECTORY_PROBLEM })
        .catch(() => {});
    }
  }
  return {
    removed,
    removedBytes: removed.reduce((sum, e) => sum + e.bytes, 0),
    removedTemps,
    keptEntries: kept.length,
    keptBytes,
  };
}

/**
 * The full key of the one entry whose key starts with `prefix`.
 * @returns the key, or a list of candidates (empty when none matches)
 */
export async function resolveKeyPrefix(
  dir: string,
  prefix: string,
): Promise<string | string[]> {
  const lower = prefix.toLowerCase();
  const keys = (await scanCacheFiles(dir))
    .filter((f) => f.kind === "entry" && f.key.startsWith(lower))
    .map((f) => f.key);
  return keys.length === 1 ? keys[0] : keys;
}
