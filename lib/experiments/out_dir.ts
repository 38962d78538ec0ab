/**
 * Report folders that are never silently mixed: `report --out DIR` into a folder that already
 * holds files refuses, or with `--clear` deletes what an earlier report wrote there, and never
 * touches a file it did not write. (A run's results folder is claimed by lib/results/out_dir.ts.)
 */
import { UserError } from "../errors.ts";

/** Entries a report writes into its folder. */
export const REPORT_ENTRIES = ["figures", "index.html"];

async function entries(dir: string): Promise<string[] | undefined> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    return names.sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof Deno.errors.NotADirectory) {
      throw new UserError(`--out "${dir}" is a file, not a folder: choose a folder.`, {
        code: "results",
      });
    }
    throw error;
  }
}

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
  const names = await entries(dir);
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
