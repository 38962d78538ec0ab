/**
 * Where the report finds a cell's sample QUBO for the heat map: the raw file in cells/ when the
 * run kept one (`run --save-qubos`), else the cache entry the record names (stage qubo-sample),
 * looked up in the run's cache directory. When neither is there the heat map is left out with a
 * note that says why; that is not an error.
 */
import { isAbsolute, join } from "node:path";
import { FileArtifactCache } from "../cache/store.ts";
import { quboFromArtifact } from "../qubo_format.ts";
import type { CellRecord } from "../results/types.ts";
import { readQuboSample } from "./read_results.ts";

/** The matrix, or the sentence the report shows instead. */
export type LoadedQuboSample = { readonly q: Float64Array } | { readonly missing: string };

/**
 * The sample QUBO of a cell. `cacheDir` is the run's (manifest.json), tried as written (from
 * the working directory) and, when relative, from the results folder's grandparent (a run under
 * results/NAME beside the cache).
 */
export async function loadQuboSample(
  dir: string,
  sample: NonNullable<CellRecord["quboSample"]>,
  cacheDir: string | undefined,
): Promise<LoadedQuboSample> {
  if (sample.file !== undefined) return { q: await readQuboSample(dir, sample) };
  if (sample.cacheKey === undefined) {
    return { missing: "is named in its record by neither a file nor a cache key" };
  }
  const dirs = cacheDir === undefined
    ? []
    : isAbsolute(cacheDir)
    ? [cacheDir]
    : [cacheDir, join(dir, "..", "..", cacheDir)];
  for (const candidate of dirs) {
    if (!(await isDirectory(candidate))) continue;
    const artifact = await new FileArtifactCache(candidate).read(sample.cacheKey);
    if (!artifact) continue;
    const qubo = quboFromArtifact(artifact, `cache entry ${sample.cacheKey}`);
    if (qubo.n === sample.n) return { q: qubo.q };
  }
  return {
    missing: `is kept in the cache only (entry ${sample.cacheKey.slice(0, 12)}), and ` +
      `${
        cacheDir === undefined
          ? "the run names no cache directory"
          : `"${cacheDir}" no longer holds it`
      }` +
      "; run the pipeline again (with --save-qubos to keep the matrix in the results folder)",
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}
