/**
 * Where cache files live: `<dir>/<key[0..2]>/<key>.art` for entries and
 * `<dir>/<key[0..2]>/<key>.art.<pid>-<random>.tmp` for writes in progress. Readers open only
 * the exact entry name, so a temp file (a write that a killed process never finished) is
 * never read; `gcCache` removes old ones.
 */
import { join } from "node:path";
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

/** One file found in a cache directory. */
export interface CacheFile {
  readonly kind: "entry" | "temp";
  readonly key: string;
  readonly path: string;
}

const SHARD = /^[0-9a-f]{2}$/;

/**
 * Every entry and temp file under `dir` (other files are ignored). A missing directory is an
 * empty cache.
 */
export async function scanCacheFiles(dir: string): Promise<CacheFile[]> {
  const files: CacheFile[] = [];
  let shards: Deno.DirEntry[];
  try {
    shards = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return files;
    throw error;
  }
  for (const shard of shards) {
    if (!shard.isDirectory || !SHARD.test(shard.name)) continue;
    for await (const file of Deno.readDir(join(dir, shard.name))) {
      if (!file.isFile) continue;
      const key = file.name.slice(0, 64);
      if (!KEY_PATTERN.test(key) || !key.startsWith(shard.name)) continue;
      const rest = file.name.slice(64);
      const path = join(dir, shard.name, file.name);
      if (rest === ENTRY_SUFFIX) files.push({ kind: "entry", key, path });
      else if (rest.startsWith(ENTRY_SUFFIX + ".") && rest.endsWith(TEMP_SUFFIX)) {
        files.push({ kind: "temp", key, path });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}
