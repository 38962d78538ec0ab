/** `export RUN [--csv | --jsonl] [--out FILE]`: a run's cells and baselines as flat rows. */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { exportRows, toCsv, toJsonLines } from "../lib/experiments/export.ts";
import { DEFAULT_RESULTS_ROOT, resolveRun } from "../lib/experiments/runs.ts";

/** Adds `export`. */
export function registerExportCommand(
  program: Command,
  io: { out?: (text: string) => void } = {},
): void {
  const write = io.out ?? ((text: string) => Deno.stdout.writeSync(new TextEncoder().encode(text)));
  program
    .command("export")
    .description("write a run's cells and baselines as CSV (default) or JSON lines")
    .argument("<runs...>", "results directories or run names (rows of several runs are joined)")
    .option("--csv", "CSV with a header line (the default)")
    .option("--jsonl", "JSON lines: one object per cell or baseline")
    .option("-o, --out <file>", "write to FILE instead of stdout")
    .option("--results <dir>", "where run names are looked up", DEFAULT_RESULTS_ROOT)
    .action(
      async (
        args: string[],
        opts: { csv?: boolean; jsonl?: boolean; out?: string; results: string },
      ) => {
        if (opts.csv && opts.jsonl) {
          throw new UserError("export takes one format: give --csv or --jsonl, not both.", {
            code: "results",
          });
        }
        const rows = [];
        for (const arg of args) {
          const run = await resolveRun(arg, opts.results);
          rows.push(...exportRows(run, run.name));
        }
        const text = opts.jsonl ? toJsonLines(rows) : toCsv(rows);
        if (opts.out) await Deno.writeTextFile(opts.out, text);
        else write(text);
      },
    );
}
