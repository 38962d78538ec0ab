/** `why CELL`: which key component changed since a previous run, stage by stage. */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { loadPipeline } from "../lib/pipeline/load.ts";
import {
  DEFAULT_RESULTS_DIR,
  findRuns,
  formatWhy,
  requireManifest,
  type RunManifest,
  whyCell,
} from "../lib/runner/why.ts";

/**
 * The pipeline file (and the overrides it ran with) to read the cell's current settings from,
 * when --pipeline is not given.
 */
async function pipelineFileFor(
  cellId: string,
  opts: { since?: string; results?: string },
): Promise<{ file: string; overrides: readonly string[] }> {
  const of = (run: RunManifest) => {
    if (run.pipelineFile === undefined) {
      throw new UserError(
        `${run.dir}/manifest.json does not name its pipeline file: name it with --pipeline FILE.`,
        { code: "results" },
      );
    }
    return { file: run.pipelineFile, overrides: run.overrides ?? [] };
  };
  if (opts.since) return of(await requireManifest(opts.since));
  const root = opts.results ?? DEFAULT_RESULTS_DIR;
  const run = (await findRuns(root)).find((r) => r.cells.some((c) => c.id === cellId));
  if (!run) {
    throw new UserError(
      `no finished run under ${root}/ has a cell "${cellId}": name its pipeline with --pipeline FILE.`,
    );
  }
  return of(run);
}

/** Adds `why`. */
export function registerWhyCommand(program: Command): void {
  program
    .command("why")
    .description("name the cache-key components of a cell that changed since a previous run")
    .argument("<cell>", "cell name, e.g. digits/seed=1/K=10/sa")
    .argument("[overrides...]", "KEY=VALUE overrides of the pipeline file, as given to run")
    .option("-p, --pipeline <file>", "pipeline file (default: the one the previous run used)")
    .option("--since <dir>", "results directory of the run to compare with (default: the newest)")
    .option("--results <dir>", "where to look for previous runs", DEFAULT_RESULTS_DIR)
    .option("--cache-dir <dir>", "cache directory (default: the pipeline's cacheDir)")
    .action(
      async (
        cellId: string,
        overrides: string[],
        opts: { pipeline?: string; since?: string; results?: string; cacheDir?: string },
      ) => {
        // Without --pipeline or overrides, the cell is read as the previous run made it.
        const previous = opts.pipeline ? undefined : await pipelineFileFor(cellId, opts);
        const file = opts.pipeline ?? previous!.file;
        if (overrides.length === 0 && previous) overrides = [...previous.overrides];
        const pipeline = await loadPipeline(file, overrides);
        const answer = await whyCell(pipeline, cellId, {
          since: opts.since,
          resultsDir: opts.results,
          cacheDir: opts.cacheDir,
        });
        console.log(formatWhy({ ...answer, overrides }));
      },
    );
}
