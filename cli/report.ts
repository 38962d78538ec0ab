/**
 * The `report` command: `deno task report DIR` rebuilds a run's report (figures/*.svg and
 * index.html) from its stored results without recomputing anything. The lead wires
 * registerReportCommand into cli/main.ts; library errors are UserErrors that main prints.
 */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { buildReport } from "../lib/report/build_report.ts";

/** What the command writes to; tests replace it. */
export interface ReportCommandIo {
  /** Writes one line of normal output; default console.log. */
  readonly out?: (line: string) => void;
}

/** Adds `report DIR [--weight-class N]` to `program`. */
export function registerReportCommand(program: Command, io: ReportCommandIo = {}): void {
  const out = io.out ?? ((line: string) => console.log(line));
  program.command("report")
    .description("rebuild the report (figures/*.svg, index.html) of a results directory")
    .argument("<dir>", "results directory of a run (holds summary.json)")
    .option("--weight-class <index>", "class whose weights the weight-map figure shows", "0")
    .action(async (dir: string, opts: { weightClass: string }) => {
      const weightClass = Number(opts.weightClass);
      if (!/^\d+$/.test(opts.weightClass)) {
        throw new UserError(
          `--weight-class "${opts.weightClass}" is not a class index: give a whole number such as 0.`,
        );
      }
      const { files } = await buildReport(dir, { weightClass });
      const figures = files.filter((f) => f.endsWith(".svg")).length;
      out(`report: ${dir}/index.html (${figures} figures)`);
    });
}
