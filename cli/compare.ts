/** `compare RUN RUN...`: runs side by side (parameters that differ, metrics, deltas). */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { compareRuns, formatComparison } from "../lib/experiments/compare.ts";
import { DEFAULT_RESULTS_ROOT, resolveRun } from "../lib/experiments/runs.ts";
import { terminalWidth } from "../lib/table.ts";

/** Adds `compare`. */
export function registerCompareCommand(
  program: Command,
  io: { out?: (text: string) => void } = {},
): void {
  const out = io.out ?? ((text: string) => console.log(text));
  program
    .command("compare")
    .description("put runs side by side: parameters that differ, metrics and their deltas")
    .argument("<runs...>", "results directories or run names (at least two)")
    .option("--results <dir>", "where run names are looked up", DEFAULT_RESULTS_ROOT)
    .option("--cells <n>", "shared cells to list", "20")
    .action(async (args: string[], opts: { results: string; cells: string }) => {
      if (args.length < 2) {
        throw new UserError(
          "compare needs at least two runs: give two results directories or names.",
          { code: "results" },
        );
      }
      if (!/^\d+$/.test(opts.cells)) {
        throw new UserError(
          `--cells "${opts.cells}" is not a count: give a whole number such as 20.`,
          { code: "results" },
        );
      }
      const runs = [];
      for (const arg of args) runs.push(await resolveRun(arg, opts.results));
      out(formatComparison(compareRuns(runs), terminalWidth(), Number(opts.cells)));
    });
}
