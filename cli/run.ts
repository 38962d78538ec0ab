/** `run PIPELINE` (with --dry-run = `plan`) and `plan PIPELINE`. */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { loadPipeline } from "../lib/pipeline/load.ts";
import { baselineTable, cellTable, precisionTable } from "../lib/runner/results_table.ts";
import { terminalWidth } from "../lib/table.ts";
import { keptGoingError, noCells, runPipeline } from "../lib/runner/run_pipeline.ts";
import { planPipeline } from "../lib/runner/plan.ts";
import { terminalReporter } from "./run_reporter.ts";
import { checkRunName, checkTags } from "../lib/experiments/labels.ts";
import {
  addExecutorOptions,
  addExecutorSettingsOptions,
  executorPlan,
  runWithExecutor,
} from "./run_executor.ts";

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new UserError(`--jobs must be a positive integer, got "${value}".`);
  }
  return jobs;
}

/** Adds `run` and `plan`. */
export function registerRunCommands(program: Command): void {
  program
    .command("run")
    .description("run a pipeline: train every cell, the baselines, and write results and report")
    .argument("<pipeline>", "pipeline YAML file, e.g. pipelines/digits.yaml")
    .argument("[overrides...]", "KEY=VALUE overrides of the file, e.g. training.bits=[5,12]")
    .option("-o, --out <dir>", "results directory (default: results/<name>-<time>)")
    .option("--name <name>", "name the run (recorded; default results directory results/<name>)")
    .option("--tag <tag>", "tag the run (repeatable)", (v: string, a: string[]) => [...a, v], [])
    .option("--cache-dir <dir>", "cache directory (default: the pipeline's cacheDir, .cache)")
    .option("-j, --jobs <n>", "parallel cells and solves (default: number of cores)")
    .option("--dry-run", "print the plan (what would be computed or reused) and stop")
    .option("--no-report", "skip the HTML/SVG report")
    .option("--keep-going", "run every cell it can; list the failed ones at the end")
    .option(
      "--force <stage>",
      "recompute a cached stage (features, gram, train, class-qubo, solve, qubo, baseline); repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--clear", "empty a used --out first (only when it holds nothing but results)")
    .option(
      "--save-qubos",
      "also write each cell's sample QUBO matrix into cells/ (n x n float64; default: cache only)",
    )
    .action(
      async (
        file: string,
        overrides: string[],
        opts: {
          out?: string;
          cacheDir?: string;
          jobs?: string;
          dryRun?: boolean;
          report: boolean;
          keepGoing?: boolean;
          force?: string[];
          name?: string;
          tag: string[];
          clear?: boolean;
          saveQubos?: boolean;
        },
      ) => {
        const pipeline = await loadPipeline(file, overrides);
        const name = opts.name === undefined ? undefined : checkRunName(opts.name);
        const tags = checkTags(opts.tag);
        const out = opts.out ?? (name ? `results/${name}` : undefined);
        if (pipeline.cells.length === 0) throw noCells(file);
        const jobs = opts.jobs ? parseJobs(opts.jobs) : undefined;
        if (await runWithExecutor(pipeline, { ...opts, jobs })) return;
        if (opts.dryRun) {
          console.log(await planPipeline(pipeline, { cacheDir: opts.cacheDir }));
          return;
        }
        const controller = new AbortController();
        const onSignal = () => controller.abort(new DOMException("interrupted", "AbortError"));
        Deno.addSignalListener("SIGINT", onSignal);
        try {
          const { outDir, summary } = await runPipeline({
            pipeline,
            outDir: out,
            clearOut: opts.clear,
            labels: {
              ...(name ? { name } : {}),
              ...(tags.length ? { tags } : {}),
              ...(overrides.length ? { overrides } : {}),
            },
            cacheDir: opts.cacheDir,
            jobs: opts.jobs ? parseJobs(opts.jobs) : undefined,
            signal: controller.signal,
            reporter: terminalReporter(),
            report: opts.report && pipeline.report,
            keepGoing: opts.keepGoing,
            force: opts.force,
            saveQubos: opts.saveQubos,
          });
          console.log(
            `\n${pipeline.name}: ${summary.cells.length} cells, ${summary.baselines.length} baselines\n`,
          );
          const width = terminalWidth();
          console.log(cellTable(summary.cells, width));
          if (summary.baselines.length > 0) {
            console.log("\nBaselines on the same features\n");
            console.log(baselineTable(summary.baselines, width));
            console.log("\nMean over seeds, against the baselines on the same seeds' features\n");
            console.log(precisionTable(summary.cells, summary.baselines, width));
          }
          const cache = summary.cache ?? {};
          const hits = Object.values(cache).reduce((a, s) => a + s.hits, 0);
          const misses = Object.values(cache).reduce((a, s) => a + s.misses, 0);
          console.log(
            `\ncache: ${hits} reused, ${misses} computed · ${
              (summary.seconds as number).toFixed(1)
            } s · results in ${outDir}` +
              (opts.report && pipeline.report ? ` (report: ${outDir}/index.html)` : ""),
          );
          if (summary.failed?.length) {
            throw keptGoingError(summary.failed, pipeline.cells.length, outDir);
          }
        } finally {
          Deno.removeSignalListener("SIGINT", onSignal);
        }
      },
    );

  program
    .command("plan")
    .description("show the expanded cells and, per stage, whether a run would compute or reuse it")
    .argument("<pipeline>", "pipeline YAML file")
    .argument("[overrides...]", "KEY=VALUE overrides of the file, e.g. training.bits=[5,12]")
    .option("--cache-dir <dir>", "cache directory (default: the pipeline's cacheDir)")
    .action(async (file: string, overrides: string[], opts: { cacheDir?: string }) => {
      const pipeline = await loadPipeline(file, overrides);
      if (pipeline.cells.length === 0) throw noCells(file);
      // Executor flags are checked before the plan prints, so a bad flag prints only its error.
      const executor = await executorPlan(pipeline, opts);
      console.log(await planPipeline(pipeline, { cacheDir: opts.cacheDir }));
      if (executor) console.log(executor);
    });
  addExecutorOptions(program.commands.find((c) => c.name() === "run")!);
  addExecutorSettingsOptions(program.commands.find((c) => c.name() === "plan")!);
}
