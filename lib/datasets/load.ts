/**
 * loadDataset: the single entry point the runner calls. Finds the dataset's files (request
 * dataDir, QUBO_CNN_DATA, the default data directory, then the offline sources), verifies
 * every file by sha256 before use, reads it, and applies the split and per-class subsampling
 * the request asks for.
 */
import { resolve } from "node:path";
import { UserError } from "../errors.ts";
import type { ProgressFn } from "../progress.ts";
import { type CatalogueEntry, DATASET_NAMES, findCatalogueEntry } from "./catalogue.ts";
import { type CifarColor, readCifar10 } from "./cifar10.ts";
import { parseDigitsCsv, stratifiedSplit } from "./digits.ts";
import { EMNIST_SPLITS, readEmnist } from "./emnist.ts";
import { idxImageSet, readIdx } from "./idx.ts";
import {
  type ChecksumOverrides,
  locateDataset,
  type LocatedDataset,
  type LocatedFile,
} from "./locate.ts";
import { type DatasetEnv, processEnv } from "./locations.ts";
import { subsamplePerClass } from "./subsample.ts";
import type { Dataset, DatasetRequest, ImageSet } from "./types.ts";
import { readVerified, type VerifyContext, verifyFile } from "./verify.ts";
import { ZipArchive } from "./zip.ts";

/** Environment variable naming a JSON file of {@link ChecksumOverrides} (fixtures only). */
export const CHECKSUMS_ENV = "QUBO_CNN_CHECKSUMS";

/** Options of {@link loadDataset}. */
export interface LoadOptions {
  /** Progress of reading (one event per file). */
  readonly onProgress?: ProgressFn;
  /** Environment to read QUBO_CNN_DATA, XDG_CACHE_HOME, HOME... from; default the process's. */
  readonly env?: DatasetEnv;
  /**
   * Checksums replacing the catalogue's for generated fixture files ("cifar10/cifar-10-
   * binary.tar.gz" -> sha256). Files are still verified, against these sums instead.
   */
  readonly checksums?: ChecksumOverrides;
}

/** The overrides in force: explicit ones, else the JSON file named by QUBO_CNN_CHECKSUMS. */
async function checksumOverrides(
  options: LoadOptions,
  env: DatasetEnv,
): Promise<{ sums: ChecksumOverrides; origin: string } | undefined> {
  if (options.checksums) {
    return { sums: options.checksums, origin: "the checksum overrides passed in" };
  }
  const path = env[CHECKSUMS_ENV];
  if (!path) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new UserError(
      `Checksum override file ${path} (from ${CHECKSUMS_ENV}) could not be read as JSON (${
        (error as Error).message
      }); fix it or unset ${CHECKSUMS_ENV}.`,
      { code: "dataset" },
    );
  }
  const valid = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === "string" && /^[0-9a-fA-F]{64}$/.test(v));
  if (!valid) {
    throw new UserError(
      `Checksum override file ${path} (from ${CHECKSUMS_ENV}) must be a JSON object of "<dataset>/<file>": "<sha256 hex>"; fix it or unset ${CHECKSUMS_ENV}.`,
      { code: "dataset" },
    );
  }
  return { sums: parsed as ChecksumOverrides, origin: `checksum override file ${resolve(path)}` };
}

/** Validates the request's fields that do not depend on the data. */
function checkRequest(request: DatasetRequest, entry: CatalogueEntry): void {
  if (request.split !== undefined && entry.name !== "emnist") {
    throw new UserError(
      `Dataset option split ("${request.split}") applies to emnist only, not ${entry.name}; remove it.`,
      { code: "dataset" },
    );
  }
  if (
    request.split !== undefined && !(EMNIST_SPLITS as readonly string[]).includes(request.split)
  ) {
    throw new UserError(
      `EMNIST split "${request.split}" is unknown; use one of ${EMNIST_SPLITS.join(", ")}.`,
      { code: "dataset" },
    );
  }
  if (request.color !== undefined && request.color !== "gray" && request.color !== "rgb") {
    throw new UserError(`Dataset option color is "${request.color}"; use "gray" or "rgb".`, {
      code: "dataset",
    });
  }
  if (request.color === "rgb" && entry.name !== "cifar10") {
    throw new UserError(
      `Dataset option color "rgb" applies to cifar10 only, and ${entry.name} is grayscale; remove it.`,
      { code: "dataset" },
    );
  }
  const isDigits = entry.name === "digits";
  if (!isDigits && (request.testFraction !== undefined || request.splitSeed !== undefined)) {
    throw new UserError(
      `Dataset options testFraction and splitSeed apply to digits only (${entry.name} has an official split); remove them.`,
      { code: "dataset" },
    );
  }
  if (request.subsampleSeed !== undefined && !Number.isInteger(request.subsampleSeed)) {
    throw new UserError(
      `Dataset option subsampleSeed must be an integer, got ${request.subsampleSeed}.`,
      { code: "dataset" },
    );
  }
}

/** Reads an IDX file after (or while) verifying it. */
async function readVerifiedIdx(file: LocatedFile, ctx: VerifyContext) {
  const { value, sha256 } = await readVerified(
    file.path,
    file.expected,
    ctx,
    (stream) => readIdx(stream, file.path),
  );
  return { idx: value, sha256 };
}

interface Loaded {
  train: ImageSet;
  test: ImageSet;
  classNames: readonly string[];
  files: { path: string; sha256: string }[];
}

async function loadIdxDataset(
  entry: CatalogueEntry,
  located: LocatedDataset,
  ctx: VerifyContext,
  progress: (i: number) => void,
): Promise<Loaded> {
  const byRole = new Map(located.files.map((f) => [f.spec.role, f]));
  const files: { path: string; sha256: string }[] = [];
  const read = async (role: string) => {
    const file = byRole.get(role)!;
    const { idx, sha256 } = await readVerifiedIdx(file, ctx);
    files.push({ path: file.path, sha256 });
    progress(files.length);
    return idx;
  };
  const classNames = entry.classNames!;
  const sets: ImageSet[] = [];
  for (const part of ["train", "test"]) {
    const images = await read(`${part}-images`);
    const labels = await read(`${part}-labels`);
    sets.push(idxImageSet(images, labels, {
      images: byRole.get(`${part}-images`)!.path,
      labels: byRole.get(`${part}-labels`)!.path,
    }, classNames.length));
  }
  return { train: sets[0], test: sets[1], classNames, files };
}

async function loadDigits(
  entry: CatalogueEntry,
  located: LocatedDataset,
  ctx: VerifyContext,
  request: DatasetRequest,
): Promise<Loaded> {
  const file = located.files[0];
  const { value: text, sha256 } = await readVerified(
    file.path,
    file.expected,
    ctx,
    (stream) => new Response(stream).text(),
  );
  const all = parseDigitsCsv(text, file.path);
  const classNames = entry.classNames!;
  const { train, test } = stratifiedSplit(
    all,
    classNames.length,
    request.testFraction ?? 0.25,
    request.splitSeed ?? 0,
  );
  return { train, test, classNames, files: [{ path: file.path, sha256 }] };
}

async function loadCifar(
  located: LocatedDataset,
  ctx: VerifyContext,
  color: CifarColor,
): Promise<Loaded> {
  const file = located.files[0];
  const { value, sha256 } = await readVerified(
    file.path,
    file.expected,
    ctx,
    (stream) => readCifar10(stream, file.path, color),
  );
  return { ...value, files: [{ path: file.path, sha256 }] };
}

async function loadEmnist(
  located: LocatedDataset,
  ctx: VerifyContext,
  split: string,
): Promise<Loaded> {
  const file = located.files[0];
  // Random access into the 562 MB zip: hash the whole file now (never trusting a record), then
  // read members, each checked against its CRC-32 and size, so a change after the hash is caught.
  const sha256 = await verifyFile(file.path, file.expected, ctx);
  const zip = await ZipArchive.open(file.path);
  try {
    return { ...(await readEmnist(zip, split)), files: [{ path: file.path, sha256 }] };
  } finally {
    zip.close();
  }
}

/**
 * Loads the dataset `request` names ("digits", "mnist", "fashion-mnist", "cifar10",
 * "emnist", "kmnist"), verified by sha256, split and subsampled as requested. Missing data,
 * a checksum mismatch, a corrupt file or a bad option is a UserError.
 *
 * For generated fixtures (tests/fixtures), pass `options.checksums` or set QUBO_CNN_CHECKSUMS
 * to the checksums.json that writeAllFixtures writes, and dataDir to the fixture directory.
 */
export async function loadDataset(
  request: DatasetRequest,
  options: LoadOptions = {},
): Promise<Dataset> {
  const entry = findCatalogueEntry(request.name);
  if (!entry) {
    throw new UserError(
      `Dataset "${request.name}" is unknown; use one of ${DATASET_NAMES.join(", ")}.`,
      { code: "dataset" },
    );
  }
  checkRequest(request, entry);
  const env = options.env ?? processEnv();
  const overrides = await checksumOverrides(options, env);
  const located = locateDataset(entry, request.dataDir, env, overrides);
  const ctx: VerifyContext = { env, dataset: entry.name };
  const total = entry.files.length;
  const progress = (done: number) =>
    options.onProgress?.({ label: `load ${entry.name}`, done, total, unit: "files" });
  progress(0);
  let loaded: Loaded;
  let variant: string | undefined;
  switch (entry.name) {
    case "digits":
      loaded = await loadDigits(entry, located, ctx, request);
      break;
    case "cifar10":
      loaded = await loadCifar(located, ctx, request.color ?? "gray");
      break;
    case "emnist":
      variant = request.split ?? EMNIST_SPLITS[0];
      loaded = await loadEmnist(located, ctx, variant);
      break;
    default:
      loaded = await loadIdxDataset(entry, located, ctx, progress);
  }
  progress(total);
  const classCount = loaded.classNames.length;
  const seed = request.subsampleSeed ?? 0;
  const train = request.trainPerClass === undefined
    ? loaded.train
    : subsamplePerClass(loaded.train, classCount, request.trainPerClass, seed, "trainPerClass");
  const test = request.testPerClass === undefined
    ? loaded.test
    : subsamplePerClass(loaded.test, classCount, request.testPerClass, seed + 1, "testPerClass");
  const origin = located.files[0].expected.origin;
  return {
    name: entry.name,
    variant,
    classNames: loaded.classNames,
    train,
    test,
    provenance: {
      files: loaded.files,
      note:
        `found in ${located.place.dir} (${located.place.source}); sha256 verified against ${origin}`,
      ...(located.incomplete.length > 0
        ? {
          warnings: [
            `dataset ${entry.name}: ${
              located.incomplete.join("; ")
            }, so the files in ${located.place.dir} (${located.place.source}) are used; complete or remove the incomplete directory to silence this.`,
          ],
        }
        : {}),
    },
  };
}
