/**
 * The `report` command: `deno task report DIR` rebuilds a run's report (figures/*.svg and a
 * self-contained index.html) from its stored results without recomputing anything;
 * `report DIR DIR...` or `report results/` (a folder of runs) writes a cross-run report.
 * Library errors are UserErrors that main prints.
 */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { listRuns } from "../lib/experiments/runs.ts";
import { buildReport } from "../lib/report/build_report.ts";
import { buildCrossRunReport } from "../lib/report/cross_run_report.ts";

/** What the command writes to; tests replace it. */
export interface ReportCommandIo {
  /** Writes one line of normal output; default console.log. */
  readonly out?: (line: string) => void;
}

async function isRun(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(`${dir}/summary.json`)).isFile;
  } catch {
    return false;
  }
}

/** The run folders the arguments name: a run itself, or every run inside a folder of runs. */
async function runDirs(args: readonly string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const arg of args) {
    if (await isRun(arg)) {
      dirs.push(arg);
      continue;
    }
    let inside: string[] = [];
    try {
      inside = (await listRuns(arg)).runs.map((r) => r.dir).reverse(); // oldest first
    } catch {
      inside = [];
    }
    if (inside.length === 0) {
      throw new UserError(
        `No summary.json in "${arg}": pass the results directory of a run ` +
          "(the folder holding summary.json, manifest.json and cells/), or a folder of runs.",
        { code: "results" },
      );
    }
    dirs.push(...inside);
  }
  return [...new Set(dirs)];
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);
}

/** Adds `report DIR... [--cell ID] [--out DIR [--clear]] [--weight-class N]` to `program`. */
export function registerReportCommand(program: Command, io: ReportCommandIo = {}): void {
  const out = io.out ?? ((line: string) => console.log(line));
  program.command("report")
    .description("rebuild a run's report, or with several runs a cross-run report")
    .argument("<dirs...>", "results directory of a run (holds summary.json), several, or results/")
    .option("--weight-class <index>", "class whose weights the weight-map figure shows", "0")
    .option("--cell <id>", "cell drawn in detail (default: the median test accuracy per dataset)")
    .option("-o, --out <dir>", "write the report here (default: the run's folder)")
    .option("--clear", "let --out replace an earlier report in that folder")
    .action(
      async (
        args: string[],
        opts: { weightClass: string; cell?: string; out?: string; clear?: boolean },
      ) => {
        if (!/^\d+$/.test(opts.weightClass)) {
          throw new UserError(
            `--weight-class "${opts.weightClass}" is not a class index: give a whole number such as 0.`,
            { code: "results" },
          );
        }
        const dirs = await runDirs(args);
        if (dirs.length === 1) {
          const { files } = await buildReport(dirs[0], {
            weightClass: Number(opts.weightClass),
            cell: opts.cell,
            out: opts.out,
            clear: opts.clear,
          });
          const figures = files.filter((f) => f.endsWith(".svg")).length;
          out(`report: ${files.at(-1)} (${figures} figures)`);
          return;
        }
        if (opts.cell) {
          throw new UserError(
            "--cell applies to the report of one run: give one results directory with it.",
            { code: "results" },
          );
        }
        const parent = dirs[0].replace(/\/[^/]+\/?$/, "") || ".";
        const target = opts.out ?? `${parent}/cross-run-${stamp()}`;
        const { files } = await buildCrossRunReport(dirs, { out: target, clear: opts.clear });
        const figures = files.filter((f) => f.endsWith(".svg")).length;
        out(`report of ${dirs.length} runs: ${target}/index.html (${figures} figures)`);
      },
    );
}
