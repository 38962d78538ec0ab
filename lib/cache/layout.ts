/**
 * Where cache files live: `<dir>/<key[0..2]>/<key>.art` for entries and
 * `<dir>/<key[0..2]>/<key>.art.<pid>-<random>.tmp` for writes in progress. Readers open only
 * the exact entry name, so a temp file (a write that a killed process never finished) is
 * never read; `gcCache` removes old ones.
 */
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { KEY_PATTERN } from "./canonical.ts";

/** Default cache location, relative to the project root. */
export const DEFAULT_CACHE_DIR = ".cache";
/** File name ending of a complete entry. */
export const ENTRY_SUFFIX = ".art";
/** File name ending of a write in progress. */
export const TEMP_SUFFIX = ".tmp";

/** Path of the entry file for a key. */
export function entryPath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), key + ENTRY_SUFFIX);
}

/** A unique temp path beside the entry: same directory, so rename is atomic. */
export function tempPath(dir: string, key: string): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  const tag = `${Deno.pid}-${random[0].toString(36)}${random[1].toString(36)}`;
  return join(dir, key.slice(0, 2), `${key}${ENTRY_SUFFIX}.${tag}${TEMP_SUFFIX}`);
}

/**
 * One file found in a cache directory. "directory": a directory where an entry file belongs
 * (never written by the cache; `cache verify` reports it, `cache gc` removes it).
 */
export interface CacheFile {
  readonly kind: "entry" | "temp" | "directory";
  readonly key: string;
  readonly path: string;
}

const SHARD = /^[0-9a-f]{2}$/;

/** The UserError for a cache path that is a file, not a directory. */
function notADirectory(dir: string): UserError {
  return new UserError(
    `Cache directory ${dir} is a file, not a directory; give --cache-dir the cache's directory (default .cache).`,
    { code: "cache" },
  );
}

/**
 * Throws a UserError unless `dir` is an existing directory: for the commands that inspect a
 * cache (an absent one is a typo far more often than an empty cache).
 */
export async function requireCacheDir(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `Cache directory ${dir} does not exist; check --cache-dir (runs create the cache, default .cache).`,
        { code: "cache" },
      );
    }
    throw new UserError(
      `Cannot read cache directory ${dir} (${(error as Error).message}); check its permissions.`,
      { code: "cache" },
    );
  }
  if (!info.isDirectory) throw notADirectory(dir);
}

/**
 * Every entry and temp file under `dir` (other files are ignored), and directories squatting
 * on an entry's name. A missing directory is an empty cache.
 */
export async function scanCacheFiles(dir: string): Promise<CacheFile[]> {
  const files: CacheFile[] = [];
  let shards: Deno.DirEntry[];
  try {
    shards = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return files;
    if (error instanceof Deno.errors.NotADirectory) throw notADirectory(dir);
    throw error;
  }
  for (const shard of shards) {
    if (!shard.isDirectory || !SHARD.test(shard.name)) continue;
    for await (const file of Deno.readDir(join(dir, shard.name))) {
      const key = file.name.slice(0, 64);
      if (!KEY_PATTERN.test(key) || !key.startsWith(shard.name)) continue;
      const rest = file.name.slice(64);
      const path = join(dir, shard.name, file.name);
      if (file.isDirectory && rest === ENTRY_SUFFIX) {
        files.push({ kind: "directory", key, path });
        continue;
      }
      if (!file.isFile) continue;
      if (rest === ENTRY_SUFFIX) files.push({ kind: "entry", key, path });
      else if (rest.startsWith(ENTRY_SUFFIX + ".") && rest.endsWith(TEMP_SUFFIX)) {
        files.push({ kind: "temp", key, path });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}
