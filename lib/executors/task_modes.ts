/**
 * The units of work a batch executor submits, each this project's own CLI (`run PIPELINE` with
 * one of --shared-only, --cell-index I, --assemble) against the shared cache directory: a task
 * is nothing but a normal cached run of part of the sweep.
 */
import { hostname } from "node:os";
import { UserError } from "../errors.ts";
import type { Pipeline } from "../pipeline/types.ts";
import { cellSlug } from "../results/cell_record.ts";
import { readResultFile } from "../results/json_file.ts";
import { runManifestSchema } from "../results/manifest.ts";
import { writeResultJson } from "../results/out_dir.ts";
import { type RunSummary, runSummarySchema } from "../results/summary.ts";
import { readSubmission } from "./slurm/submission.ts";
import type { RunReporter } from "../runner/reporter.ts";
import { cacheStatus } from "./cache_status.ts";
import { localExecutor } from "./local.ts";
import { runSharedStages } from "./shared_stages.ts";

/** What every task is given. */
export interface TaskContext {
  readonly pipeline: Pipeline;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly jobs?: number;
  readonly reporter: RunReporter;
  /** The pipeline file's sha256 at submission: a task refuses a file edited since. */
  readonly pipelineSha256?: string;
}

/** Fails with one sentence when this node cannot write the cache directory. */
export async function checkCacheWritable(cacheDir: string): Promise<void> {
  const probe = `${cacheDir}/.write-probe-${hostname()}-${Deno.pid}`;
  try {
    await Deno.mkdir(cacheDir, { recursive: true });
    await Deno.writeTextFile(probe, "");
    await Deno.remove(probe);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `cache directory '${cacheDir}' is not writable from node ${hostname()} (${reason}); ` +
        "put it on a filesystem every node mounts read-write, or pass --cache-dir",
    );
  }
}

function checkUnchanged(context: TaskContext): void {
  const expected = context.pipelineSha256;
  if (expected && expected !== context.pipeline.fileSha256) {
    throw new UserError(
      `${context.pipeline.file} changed since it was submitted (sha256 ${
        context.pipeline.fileSha256.slice(0, 12)
      }, submitted ${expected.slice(0, 12)}); run the submitting command again`,
    );
  }
}

/** --shared-only: the features, Gram matrices and baselines of every cell. */
export async function runSharedTask(context: TaskContext): Promise<void> {
  checkUnchanged(context);
  await checkCacheWritable(context.cacheDir);
  const started = performance.now();
  const pairs = await runSharedStages(context.pipeline, context.cacheDir, context.reporter);
  await Deno.mkdir(context.outDir, { recursive: true });
  await Deno.writeTextFile(
    `${context.outDir}/shared.json`,
    JSON.stringify({ pairs, seconds: (performance.now() - started) / 1000 }) + "\n",
  );
}

/** Runs `pipeline` here into `outDir` (emptied first), without a report. */
async function runLocally(
  context: TaskContext,
  pipeline: Pipeline,
  outDir: string,
): Promise<RunSummary> {
  const outcome = await localExecutor.execute({
    pipeline,
    outDir,
    clearOut: true,
    cacheDir: context.cacheDir,
    jobs: context.jobs,
    report: false,
    reporter: context.reporter,
  });
  if (outcome.kind !== "finished") throw new Error("the local executor always finishes");
  return outcome.summary;
}

/** --cell-index I: one cell, as a run of a pipeline holding only that cell. */
export async function runCellTask(context: TaskContext, index: number): Promise<RunSummary> {
  checkUnchanged(context);
  const { pipeline } = context;
  const cell = pipeline.cells[index];
  if (!cell) {
    throw new UserError(
      `--cell-index ${index} is out of range: ${pipeline.file} has ${pipeline.cells.length} cells (0 to ${
        pipeline.cells.length - 1
      })`,
    );
  }
  await checkCacheWritable(context.cacheDir);
  // The task's own folder: a cancelled attempt may have left results in it.
  return await runLocally(
    context,
    { ...pipeline, cells: [cell], baselines: { sgd: null, exact: null }, report: false },
    context.outDir,
  );
}

/**
 * --assemble: the whole sweep from the cache (summary.json, manifest.json, the report). Every
 * cell must be cached already; a missing one means its task did not finish.
 */
export async function runAssembleTask(context: TaskContext, report: boolean): Promise<RunSummary> {
  checkUnchanged(context);
  const { pipeline } = context;
  const { missingCells } = await cacheStatus(pipeline, context.cacheDir);
  if (missingCells.length > 0) {
    throw new UserError(
      `${missingCells.length} of ${pipeline.cells.length} cells are not in the cache ${context.cacheDir}, ` +
        `first ${
          pipeline.cells[missingCells[0]].id
        }; their tasks did not finish: run the submitting command again`,
    );
  }
  // The results folder already holds the submission (slurm/, tasks/): the run writes into a
  // folder of its own, whose results then move beside them.
  const staging = `${context.outDir}/tasks/assemble`;
  const assembled = await runLocally(context, pipeline, staging);
  await Deno.mkdir(`${context.outDir}/cells`, { recursive: true });
  for await (const entry of Deno.readDir(`${staging}/cells`)) {
    await Deno.rename(`${staging}/cells/${entry.name}`, `${context.outDir}/cells/${entry.name}`);
  }
  for (const file of ["summary.json", "manifest.json"]) {
    await Deno.rename(`${staging}/${file}`, `${context.outDir}/${file}`);
  }
  await Deno.remove(staging, { recursive: true });
  const summary = await adoptTaskTimings(context.outDir, assembled);
  if (report) {
    context.reporter.stage("report");
    const { buildReport } = await import("../report/build_report.ts");
    await buildReport(context.outDir);
  }
  return summary;
}

/**
 * Every cell read back from the cache says "cached, 0 s"; where the sweep's own array task
 * trained it (same train key), its record and summary carry the real timings instead, and the
 * run's seconds count from the submission.
 */
async function adoptTaskTimings(outDir: string, summary: RunSummary): Promise<RunSummary> {
  const manifest = await readResultFile(`${outDir}/manifest.json`, runManifestSchema, "Manifest");
  const cells = [...summary.cells];
  for (const [index, cell] of cells.entries()) {
    const dir = `${outDir}/tasks/cell-${index}`;
    // A task that did not finish (no manifest) trained nothing here: the cache's record stays.
    const taskManifest = await readResultFile(
      `${dir}/manifest.json`,
      runManifestSchema,
      "Manifest",
      { optional: true },
    );
    if (taskManifest?.cells[0]?.keys.train !== manifest.cells[index].keys.train) continue;
    const taskSummary = await readResultFile(
      `${dir}/summary.json`,
      runSummarySchema,
      "Run summary",
    );
    const slug = cellSlug(cell.id);
    await Deno.copyFile(`${dir}/cells/${slug}.json`, `${outDir}/cells/${slug}.json`);
    cells[index] = taskSummary.cells[0];
  }
  // The sweep took from its submission to now, not the assembly's second.
  const submitted = await readSubmission(outDir).catch(() => null);
  const seconds = submitted
    ? (Date.now() - Date.parse(submitted.submittedAt)) / 1000
    : summary.seconds;
  const adopted: RunSummary = { ...summary, seconds, cells };
  await writeResultJson(`${outDir}/summary.json`, adopted);
  return adopted;
}
