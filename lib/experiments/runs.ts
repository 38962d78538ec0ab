/**
 * Past runs as objects: every results directory (summary.json, manifest.json) under a results
 * folder, with what `runs` lists and `compare`/`export` start from. A run is named on the
 * command line by its folder, by its `--name`, or by its folder's name under the results folder.
 */
import { basename } from "node:path";
import { isUserError, UserError } from "../errors.ts";
import { suggest } from "../pipeline/suggest.ts";
import { readRunFiles, type RunFiles } from "../report/read_results.ts";
import type { CellSummary } from "../results/types.ts";

/** Where runs live unless told otherwise. */
export const DEFAULT_RESULTS_ROOT = "results";

/** One past run, as `runs` lists it. */
export interface RunInfo extends RunFiles {
  /** The run's --name, else its folder's name. */
  readonly name: string;
  readonly pipeline: string;
  readonly cells: number;
  readonly bestTest: number;
  readonly meanTest: number;
  /** The project's git commit and dirty flag when the run was made (null: unknown). */
  readonly commit: string | null;
  readonly dirty: boolean | null;
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
  readonly tags: readonly string[];
  readonly overrides: readonly string[];
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** What `runs` shows of a results directory's files. */
export function runInfo(files: RunFiles): RunInfo {
  const m = files.manifest;
  const git = m?.provenance?.git;
  const tests = files.summary.cells.map((c: CellSummary) => c.testAccuracy);
  const seconds = files.summary.seconds ?? m?.seconds ?? NaN;
  return {
    ...files,
    name: m?.name ?? basename(files.dir),
    pipeline: files.summary.pipeline,
    cells: files.summary.cells.length,
    bestTest: tests.filter(Number.isFinite).length
      ? Math.max(...tests.filter(Number.isFinite))
      : NaN,
    meanTest: mean(tests),
    commit: git?.commit ?? null,
    dirty: git?.dirty ?? null,
    seconds: Number.isFinite(seconds) ? seconds : NaN,
    tags: [...(m?.tags ?? [])],
    overrides: [...(m?.overrides ?? [])],
  };
}

/** A folder that could not be read as a run, and why. */
export interface SkippedRun {
  readonly dir: string;
  readonly reason: string;
}

/** Every run directly under `root`, newest first; unreadable ones are listed as skipped. */
export async function listRuns(
  root: string = DEFAULT_RESULTS_ROOT,
): Promise<{ runs: RunInfo[]; skipped: SkippedRun[] }> {
  const runs: RunInfo[] = [];
  const skipped: SkippedRun[] = [];
  let names: string[];
  try {
    names = [];
    for await (const entry of Deno.readDir(root)) if (entry.isDirectory) names.push(entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `There is no results folder "${root}": run a pipeline first, or name the folder with --results.`,
        { code: "results" },
      );
    }
    throw error;
  }
  for (const name of names.sort()) {
    const dir = `${root}/${name}`;
    try {
      await Deno.stat(`${dir}/summary.json`);
    } catch {
      continue; // not a finished run (interrupted, or a report folder)
    }
    try {
      runs.push(runInfo(await readRunFiles(dir)));
    } catch (error) {
      if (!isUserError(error)) throw error;
      skipped.push({ dir, reason: error.message });
    }
  }
  const time = (r: RunInfo) => r.date?.getTime() ?? 0;
  runs.sort((a, b) => time(b) - time(a) || a.dir.localeCompare(b.dir));
  return { runs, skipped };
}

/**
 * The run a command-line argument names: a results directory (holding summary.json), else a run
 * name (`--name`) or a folder name under `root`.
 */
export async function resolveRun(
  arg: string,
  root: string = DEFAULT_RESULTS_ROOT,
): Promise<RunInfo> {
  try {
    await Deno.stat(`${arg}/summary.json`);
    return runInfo(await readRunFiles(arg));
  } catch (error) {
    if (isUserError(error)) throw error;
  }
  let runs: RunInfo[] = [];
  try {
    runs = (await listRuns(root)).runs;
  } catch (error) {
    if (!isUserError(error)) throw error;
  }
  const matches = runs.filter((r) => r.name === arg || basename(r.dir) === arg);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UserError(
      `"${arg}" names ${matches.length} runs under ${root}/ (${
        matches.map((r) => r.dir).join(", ")
      }): give the results directory instead.`,
      { code: "results" },
    );
  }
  const guess = suggest(arg, runs.flatMap((r) => [r.name, basename(r.dir)]), 4);
  throw new UserError(
    `"${arg}" is neither a results directory nor the name of a run under ${root}/` +
      (guess ? `; did you mean "${guess}"?` : `; \`deno task runs\` lists them.`),
    { code: "results" },
  );
}
