/**
 * `datasets fetch NAME`: downloads a catalogue dataset's files into the data directory
 * unless the dataset is already present and verified somewhere in the look-up order.
 */
import { join } from "node:path";
import { isUserError, UserError } from "../errors.ts";
import type { ProgressFn } from "../progress.ts";
import { DATASET_NAMES, findCatalogueEntry } from "./catalogue.ts";
import { downloadFile, type DownloadResult } from "./download.ts";
import { tryLocateDataset } from "./locate.ts";
import { type DatasetEnv, downloadDir, processEnv } from "./locations.ts";
import { verifyFile } from "./verify.ts";

/** Options of {@link fetchDataset}. */
export interface FetchOptions {
  /** Data directory to download into (else QUBO_CNN_DATA, else the default). */
  readonly dataDir?: string;
  /** Environment variables (default: the process environment). */
  readonly env?: DatasetEnv;
  /** Injectable fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Receives the progress of each download. */
  readonly onProgress?: ProgressFn;
  /** Download even when a verified copy exists elsewhere. */
  readonly force?: boolean;
  /** Aborts the downloads. */
  readonly signal?: AbortSignal;
}

/** What {@link fetchDataset} did. */
export interface FetchOutcome {
  /** Catalogue name of the dataset. */
  readonly dataset: string;
  /** "downloaded", "present" (a verified copy was found), or "bundled" (ships with the repo). */
  readonly state: "downloaded" | "present" | "bundled";
  /** Directory holding the files now. */
  readonly dir: string;
  /** Each file downloaded, or found in place. */
  readonly files: readonly DownloadResult[];
}

/** Fetches dataset `name`; a UserError when it is unknown or cannot be downloaded. */
export async function fetchDataset(
  name: string,
  options: FetchOptions = {},
): Promise<FetchOutcome> {
  const entry = findCatalogueEntry(name);
  if (!entry) {
    throw new UserError(`Dataset "${name}" is unknown; use one of ${DATASET_NAMES.join(", ")}.`, {
      code: "dataset",
    });
  }
  const env = options.env ?? processEnv();
  if (!options.force) {
    const found = tryLocateDataset(entry, options.dataDir, env);
    if (found) {
      try {
        for (const file of found.files) {
          await verifyFile(file.path, file.expected, { env, dataset: entry.name });
        }
        const state = entry.files.every((f) => f.urls.length === 0) ? "bundled" : "present";
        return { dataset: entry.name, state, dir: found.place.dir, files: [] };
      } catch (error) {
        if (!isUserError(error)) throw error;
        // A copy that does not verify is replaced by a fresh download below.
      }
    }
  }
  if (entry.files.some((f) => f.urls.length === 0 || !f.sha256)) {
    throw new UserError(
      `Dataset "${entry.name}" cannot be downloaded: it is bundled with the repository as ${
        entry.offline.map((s) => s.name).join(", ")
      }; restore it with git.`,
      { code: "dataset" },
    );
  }
  const dir = downloadDir(entry.name, options.dataDir, env);
  const files: DownloadResult[] = [];
  for (const spec of entry.files) {
    files.push(
      await downloadFile({
        dataset: entry.name,
        file: spec.name,
        urls: spec.urls,
        dest: join(dir, spec.name),
        sha256: spec.sha256!,
        bytes: spec.bytes,
        fetch: options.fetch,
        onProgress: options.onProgress,
        signal: options.signal,
      }),
    );
  }
  return { dataset: entry.name, state: "downloaded", dir, files };
}
