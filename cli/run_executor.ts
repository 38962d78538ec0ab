/**
 * `run --executor slurm` and the task modes a batch executor's jobs use (--shared-only,
 * --cell-index, --assemble): the flags, and what `run` and `plan` do with them. A plain local
 * run is left to cli/run.ts.
 */
import { type Command, Option } from "commander";
import { UserError } from "../lib/errors.ts";
import type { Pipeline } from "../lib/pipeline/types.ts";
import { planPipeline } from "../lib/runner/plan.ts";
import { cellTable } from "../lib/runner/results_table.ts";
import { EXECUTOR_NAMES } from "../lib/executors/executor.ts";
import {
  describeSettings,
  type ExecutorOverrides,
  type ExecutorSettings,
  mergeSettings,
  pipelineSection,
  readProfile,
  validateOverrides,
} from "../lib/executors/settings.ts";
import { slurmExecutor } from "../lib/executors/slurm/executor.ts";
import { runAssembleTask, runCellTask, runSharedTask } from "../lib/executors/task_modes.ts";
import { terminalReporter } from "./run_reporter.ts";

/** The executor flags as commander parses them. */
export interface ExecutorFlags {
  executor?: string;
  detach?: boolean;
  profile?: string;
  partition?: string;
  time?: string;
  cpusPerTask?: string;
  mem?: string;
  account?: string;
  qos?: string;
  sbatchArg?: string[];
  cellIndex?: string;
  sharedOnly?: boolean;
  assemble?: boolean;
  pipelineSha256?: string;
}

/** The other `run` flags this module reads. */
interface RunFlags extends ExecutorFlags {
  out?: string;
  cacheDir?: string;
  jobs?: number;
  dryRun?: boolean;
  report: boolean;
  saveQubos?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the executor's settings flags (for `run` and `plan`). */
export function addExecutorSettingsOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--executor <name>", "where the cells run (default: the pipeline's, local)")
        .choices(EXECUTOR_NAMES),
    )
    .option("--profile <file>", "executor settings file (YAML, the fields of executor:)")
    .option("--partition <name>", "Slurm partition")
    .option("--time <limit>", "Slurm time limit per task, such as 30 or 2:00:00")
    .option("--cpus-per-task <n>", "Slurm CPUs per task")
    .option("--mem <size>", "Slurm memory per task, such as 4G")
    .option("--account <name>", "Slurm account")
    .option("--qos <name>", "Slurm quality of service")
    .option("--sbatch-arg <arg>", "extra sbatch argument (repeatable)", collect);
}

/** Adds every executor flag of `run`. */
export function addExecutorOptions(command: Command): Command {
  return addExecutorSettingsOptions(command)
    .option("--detach", "submit, print the job ids and return (see `status RESULTS_DIR`)")
    .addOption(new Option("--cell-index <i>", "task mode: run only cell I").hideHelp())
    .addOption(new Option("--shared-only", "task mode: only the shared stages").hideHelp())
    .addOption(new Option("--assemble", "task mode: results from the cache").hideHelp())
    .addOption(new Option("--pipeline-sha256 <hex>", "task mode: file hash").hideHelp());
}

/** Pipeline section, then profile, then flags. */
export async function resolveSettings(
  pipeline: Pipeline,
  flags: ExecutorFlags,
): Promise<ExecutorSettings> {
  const fromFlags: Record<string, unknown> = {
    name: flags.executor,
    partition: flags.partition,
    time: flags.time,
    cpusPerTask: flags.cpusPerTask === undefined ? undefined : cpuCount(flags.cpusPerTask),
    mem: flags.mem,
    account: flags.account,
    qos: flags.qos,
    sbatchArgs: flags.sbatchArg,
  };
  const overrides: ExecutorOverrides = validateOverrides(fromFlags, "flags");
  return mergeSettings(
    await pipelineSection(pipeline),
    flags.profile ? await readProfile(flags.profile) : {},
    overrides,
  );
}

/** What `plan` adds about a non-local executor (empty for local); `flags` as commander gives them. */
export async function executorPlan(pipeline: Pipeline, flags: object): Promise<string> {
  const settings = await resolveSettings(pipeline, flags as ExecutorFlags);
  return settings.name === "local" ? "" : `\n${describeSettings(settings)}`;
}

function cpuCount(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UserError(`--cpus-per-task must be a whole number >= 1, got "${value}".`);
  }
  return n;
}

function cellIndex(value: string): number {
  const index = Number(value);
  if (!Number.isInteger(index) || index < 0) {
    throw new UserError(`--cell-index must be a cell index (0, 1, ...), got "${value}".`);
  }
  return index;
}

/**
 * Handles `run` when it is a task mode or a non-local executor; false when it is a plain local
 * run (cli/run.ts goes on as before).
 */
export async function runWithExecutor(pipeline: Pipeline, flags: RunFlags): Promise<boolean> {
  const modes = [flags.cellIndex !== undefined, flags.sharedOnly, flags.assemble].filter(Boolean);
  if (modes.length > 1) {
    throw new UserError("give at most one of --cell-index, --shared-only and --assemble");
  }
  if (modes.length === 1) {
    if (!flags.out) throw new UserError("a task mode needs --out, the sweep's results directory");
    const context = {
      pipeline,
      outDir: flags.out,
      cacheDir: flags.cacheDir ?? pipeline.cacheDir,
      jobs: flags.jobs,
      reporter: terminalReporter(),
      pipelineSha256: flags.pipelineSha256,
    };
    if (flags.sharedOnly) {
      await runSharedTask({ ...context, outDir: `${flags.out}/tasks/shared` });
    } else if (flags.cellIndex !== undefined) {
      const index = cellIndex(flags.cellIndex);
      const summary = await runCellTask(
        { ...context, outDir: `${flags.out}/tasks/cell-${index}` },
        index,
      );
      console.log(cellTable(summary.cells));
    } else {
      const summary = await runAssembleTask(context, flags.report && pipeline.report);
      console.log(cellTable(summary.cells));
    }
    return true;
  }
  const settings = await resolveSettings(pipeline, flags);
  if (settings.name === "local") {
    if (flags.detach) throw new UserError("--detach needs --executor slurm");
    return false;
  }
  if (flags.saveQubos) {
    // Slurm tasks write their own cells/; the flag would be silently lost there.
    throw new UserError(
      "--save-qubos applies to local runs; with --executor slurm the sample QUBOs stay in the " +
        "shared cache (each cell record names its key).",
    );
  }
  if (flags.dryRun) {
    console.log(await planPipeline(pipeline, { cacheDir: flags.cacheDir }));
    console.log(`\n${describeSettings(settings)}`);
    return true;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort(new DOMException("interrupted", "AbortError"));
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const report = flags.report && pipeline.report;
    const outcome = await slurmExecutor(settings, flags.detach).execute({
      pipeline,
      outDir: flags.out ?? defaultOutDir(pipeline.name),
      cacheDir: flags.cacheDir ?? pipeline.cacheDir,
      jobs: flags.jobs,
      report,
      reporter: terminalReporter(),
      signal: controller.signal,
    });
    if (outcome.kind === "detached") {
      console.log(`submitted jobs ${outcome.jobIds.join(" ")}`);
      console.log(`follow with: deno task status ${outcome.outDir}`);
      return true;
    }
    const { summary, outDir } = outcome;
    console.log(
      `\n${pipeline.name}: ${summary.cells.length} cells, ${summary.baselines.length} baselines\n`,
    );
    console.log(cellTable(summary.cells));
    console.log(
      `\nresults in ${outDir}` + (report ? ` (report: ${outDir}/index.html)` : ""),
    );
    return true;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
  }
}

function defaultOutDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);
  return `results/${name}-${stamp}`;
}
