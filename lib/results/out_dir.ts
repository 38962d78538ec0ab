/**
 * The results directory of a run, created atomically and uniquely, and written without ever
 * leaving a truncated or temporary file behind.
 *
 * - Default place results/<pipeline>-<time>: claimed with a non-recursive mkdir, which fails
 *   when another run took the name first; then "-2", "-3"... are tried. Two runs started in
 *   the same second get two directories.
 * - `--out DIR`: a new or empty directory is claimed; one that holds anything is refused (old
 *   and new files would mix), or emptied first when the caller asks and it holds only what a
 *   run writes.
 * - Every file is written to a temporary name beside it and renamed into place; a failed
 *   write (a full disk) removes the temporary file and is a UserError naming the file.
 * - A report folder (`report --out DIR`, {@link claimOutDir}) is never silently mixed either:
 *   one that holds files refuses, or with `--clear` loses what an earlier report wrote there,
 *   and a file the report did not write is never touched.
 */
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../errors.ts";

/** Names a run writes into its results directory: what `clear` may remove. */
const RESULT_ENTRIES = new Set([
  "summary.json",
  "manifest.json",
  "cells",
  "figures",
  "index.html",
  "report.md",
]);

/** Options of {@link createResultsDir}. */
export interface ResultsDirOptions {
  /** Pipeline name: the default directory is <root>/<name>-<time>. */
  readonly name: string;
  /** The user's --out, if any. */
  readonly out?: string;
  /** Empty a used --out first (only when it holds nothing but results). */
  readonly clear?: boolean;
  /** Parent of default directories; default "results". */
  readonly root?: string;
  /** Time of the default name; default now. */
  readonly now?: Date;
}

/** "2026-12-01_08-54-04" of `date` (UTC). */
export function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);
}

/** The POSIX code Deno gives a failed filesystem call ("ENOSPC", "ENOTEMPTY"), if any. */
function osErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A failed filesystem call as one sentence naming `path`, with the fix for a full disk. */
export function writeFailure(path: string, error: unknown, what = "writing"): UserError {
  if (error instanceof UserError) return error;
  // Deno appends the syscall and the temporary name ("writefile '.x.tmp'"): not the user's file.
  const reason = (error instanceof Error ? error.message : String(error))
    .replace(/: [a-z]+ '[^']*'$/, "");
  const code = osErrorCode(error);
  const full = code === "ENOSPC" || code === "EDQUOT";
  return new UserError(
    full
      ? `The disk is full while ${what} ${path} (${reason}); nothing half-written was left there: free some space and run again (the cache keeps what was computed).`
      : `Could not finish ${what} ${path} (${reason}); check the directory and its permissions.`,
    { code: "results" },
  );
}

/** The entries of `dir`, or undefined when it does not exist; `notADirectory` when a file. */
async function entries(
  dir: string,
  notADirectory: (dir: string) => UserError = (d) =>
    new UserError(`Results directory ${d} is a file, not a directory; give --out a directory.`, {
      code: "results",
    }),
): Promise<string[] | undefined> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    return names.sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof Deno.errors.NotADirectory) throw notADirectory(dir);
    throw writeFailure(dir, error, "reading");
  }
}

/**
 * Claims `dir` in one atomic step: a sibling staging directory holding cells/ is renamed onto
 * it, which succeeds only when `dir` is absent or empty (rename(2) replaces an empty directory
 * and refuses a non-empty one). Two runs racing for one name: exactly one wins. False when
 * `dir` is taken.
 */
async function claim(dir: string): Promise<boolean> {
  const staging = join(dirname(dir), `.${basename(dir)}.${crypto.randomUUID().slice(0, 8)}.claim`);
  try {
    await Deno.mkdir(join(staging, "cells"), { recursive: true });
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw writeFailure(dir, error, "creating");
  }
  try {
    await Deno.rename(staging, dir);
    return true;
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    if (
      error instanceof Deno.errors.AlreadyExists || osErrorCode(error) === "ENOTEMPTY"
    ) {
      return false;
    }
    if (error instanceof Deno.errors.NotADirectory || osErrorCode(error) === "ENOTDIR") {
      throw new UserError(
        `Results directory ${dir} is a file, not a directory; give --out a directory.`,
        { code: "results" },
      );
    }
    throw writeFailure(dir, error, "creating");
  }
}

/** The refusal of a used --out, naming a few of its entries. */
function used(dir: string, names: readonly string[]): UserError {
  const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? ", ..." : "");
  const onlyResults = names.every((name) => RESULT_ENTRIES.has(name));
  return new UserError(
    `Results directory ${dir} already holds ${shown}, so old and new results would mix; ` +
      (onlyResults
        ? "give another --out, or pass --clear to empty it first."
        : "give another --out (it holds files a run does not write, so --clear will not empty it)."),
    { code: "results" },
  );
}

/**
 * Creates and claims the run's results directory (with its cells/ folder) and returns its
 * path; throws a UserError for a used --out (unless cleared) or a directory it cannot create.
 */
export async function createResultsDir(options: ResultsDirOptions): Promise<string> {
  if (options.out !== undefined) return await claimOut(options.out, options.clear ?? false);
  const root = options.root ?? "results";
  try {
    await Deno.mkdir(root, { recursive: true });
  } catch (error) {
    throw writeFailure(root, error, "creating");
  }
  const base = join(root, `${options.name}-${stamp(options.now ?? new Date())}`);
  for (let i = 1;; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    if (await claim(dir)) return dir;
  }
}

async function claimOut(out: string, clear: boolean): Promise<string> {
  const dir = out.replace(/\/+$/, "") || out;
  try {
    await Deno.mkdir(dirname(resolve(dir)), { recursive: true });
  } catch (error) {
    throw writeFailure(dirname(resolve(dir)), error, "creating");
  }
  if (await claim(dir)) return dir;
  const names = await entries(dir) ?? [];
  if (names.length > 0) {
    if (!clear || !names.every((name) => RESULT_ENTRIES.has(name))) throw used(dir, names);
    for (const name of names) {
      try {
        await Deno.remove(join(dir, name), { recursive: true });
      } catch (error) {
        throw writeFailure(join(dir, name), error, "clearing");
      }
    }
  }
  if (await claim(dir)) return dir;
  throw used(dir, await entries(dir) ?? []);
}

/**
 * Removes `dir` when it still holds nothing but an empty cells/ (a run that failed before its
 * first result), so the same --out can be used again; a no-op once anything was written. Only
 * empty directories are removed, so a run that claimed the name meanwhile keeps it.
 */
export async function removeIfUnused(dir: string): Promise<void> {
  try {
    const names = await entries(dir);
    if (names?.length !== 1 || names[0] !== "cells") return;
    await Deno.remove(join(dir, "cells")); // fails unless empty
    await Deno.remove(dir);
  } catch {
    // Not empty (results were written, or another run claimed it): keep it.
  }
}

/**
 * Writes `data` to `path` through a temporary file beside it and a rename, so `path` is either
 * absent or complete; on failure (a full disk) the temporary file is removed and a UserError
 * names `path`.
 */
export async function writeResultFile(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    if (typeof data === "string") await Deno.writeTextFile(temp, data);
    else await Deno.writeFile(temp, data);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw writeFailure(path, error);
  }
}

/** {@link writeResultFile} of JSON, non-finite numbers written as null (JSON has no NaN). */
export async function writeResultJson(path: string, value: unknown): Promise<void> {
  const text = JSON.stringify(
    value,
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
    2,
  );
  await writeResultFile(path, text + "\n");
}

/** Entries a report writes into its folder. */
export const REPORT_ENTRIES = ["figures", "index.html"];

/**
 * Makes `dir` ready to be written: absent or empty is fine; otherwise, with `clear`, deletes the
 * entries named in `owned` (and stray *.tmp files), else refuses. A file outside `owned` always
 * refuses, so `--clear` cannot delete someone's data.
 */
export async function claimOutDir(
  dir: string,
  options: {
    readonly clear: boolean;
    readonly owned: readonly string[];
    readonly what: string;
  },
): Promise<void> {
  const names = await entries(
    dir,
    (d) =>
      new UserError(`--out "${d}" is a file, not a folder: choose a folder.`, { code: "results" }),
  );
  if (!names || names.length === 0) return;
  const foreign = names.filter((n) => !options.owned.includes(n) && !n.endsWith(".tmp"));
  if (foreign.length > 0) {
    throw new UserError(
      `--out "${dir}" already holds files that ${options.what} did not write (${
        foreign.slice(0, 3).join(", ")
      }${foreign.length > 3 ? ", ..." : ""}): choose an empty or new folder.`,
      { code: "results" },
    );
  }
  if (!options.clear) {
    throw new UserError(
      `--out "${dir}" already holds an earlier ${options.what} (${names.join(", ")}): ` +
        "choose a new folder, or add --clear to delete those files first.",
      { code: "results" },
    );
  }
  for (const name of names) await Deno.remove(`${dir}/${name}`, { recursive: true });
}
