/** `runs`: past runs, newest first; `--tag` filters, `--json` prints them as JSON lines. */
import type { Command } from "commander";
import { DEFAULT_RESULTS_ROOT, listRuns } from "../lib/experiments/runs.ts";
import { runsTable } from "../lib/experiments/runs_table.ts";
import { terminalWidth } from "../lib/table.ts";

/** Adds `runs`. */
export function registerRunsCommand(
  program: Command,
  io: { out?: (text: string) => void } = {},
): void {
  const out = io.out ?? ((text: string) => console.log(text));
  program
    .command("runs")
    .description("list past runs: name, pipeline, date, cells, accuracy, git commit, duration")
    .option("--results <dir>", "folder holding the runs", DEFAULT_RESULTS_ROOT)
    .option("--tag <tag>", "only runs with this tag")
    .option("--json", "one JSON object per run (dir, name, pipeline, date, ...)")
    .action(async (opts: { results: string; tag?: string; json?: boolean }) => {
      const { runs, skipped } = await listRuns(opts.results);
      const shown = opts.tag ? runs.filter((r) => r.tags.includes(opts.tag!)) : runs;
      if (opts.json) {
        for (const r of shown) {
          out(JSON.stringify({
            dir: r.dir,
            name: r.name,
            pipeline: r.pipeline,
            date: r.date?.toISOString() ?? null,
            cells: r.cells,
            bestTestAccuracy: Number.isFinite(r.bestTest) ? r.bestTest : null,
            meanTestAccuracy: Number.isFinite(r.meanTest) ? r.meanTest : null,
            commit: r.commit,
            dirty: r.dirty,
            seconds: Number.isFinite(r.seconds) ? r.seconds : null,
            tags: r.tags,
            overrides: r.overrides,
          }));
        }
        return;
      }
      out(runsTable(shown, skipped, terminalWidth()));
    });
}
