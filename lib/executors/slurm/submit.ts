/**
 * Submits a sweep to Slurm: the shared stages (when the cache lacks any), one job array over the
 * cells not in the cache (afterok on the shared job, throttled by --jobs), then the assembly job
 * (afterok on the array). Scripts and the record go into <results>/slurm/<n>/.
 */
import { fileURLToPath } from "node:url";
import type { Pipeline } from "../../pipeline/types.ts";
import type { CacheStatus } from "../cache_status.ts";
import { type ExecutorSettings, sbatchResourceArgs } from "../settings.ts";
import { checkCacheWritable } from "../task_modes.ts";
import { batchScript, type BatchScriptSpec } from "./batch_script.ts";
import { sbatch, scancel } from "./commands.ts";
import { arraySpec } from "./job_records.ts";
import { submissionPath, type SubmissionRecord, type SubmittedJob } from "./submission.ts";

/** A sweep to submit; paths absolute (the tasks run elsewhere). */
export interface SubmitRequest {
  readonly pipeline: Pipeline;
  readonly pipelineFile: string;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly settings: ExecutorSettings;
  /** %N throttle of the array (absent: none). */
  readonly jobs?: number;
  readonly report: boolean;
}

/** The project checkout the tasks run from (it must be on the shared filesystem). */
const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url)).replace(/\/$/, "");

async function nextSubmissionDir(outDir: string): Promise<string> {
  let n = 1;
  for (;; n++) {
    try {
      await Deno.mkdir(`${outDir}/slurm/${n}`, { recursive: false });
      return `${outDir}/slurm/${n}`;
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) continue;
      if (error instanceof Deno.errors.NotFound) {
        await Deno.mkdir(`${outDir}/slurm`, { recursive: true });
        n--;
        continue;
      }
      throw error;
    }
  }
}

/** Writes the scripts, submits them in dependency order and records what it did. */
export async function submitSweep(
  request: SubmitRequest,
  status: CacheStatus,
): Promise<SubmissionRecord> {
  const { pipeline, outDir, cacheDir, settings } = request;
  await checkCacheWritable(cacheDir);
  const dir = await nextSubmissionDir(outDir);
  await Deno.mkdir(`${dir}/logs`, { recursive: true });
  const cli = [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    `--config=${PROJECT_ROOT}/deno.json`,
    `${PROJECT_ROOT}/cli/main.ts`,
    "run",
    request.pipelineFile,
    "--out",
    outDir,
    "--cache-dir",
    cacheDir,
    "--pipeline-sha256",
    pipeline.fileSha256,
    "--jobs",
    "$SLURM_CPUS_PER_TASK",
  ];
  const resources = sbatchResourceArgs(settings);
  const submitted: string[] = [];
  const submit = async (
    name: string,
    spec: Omit<BatchScriptSpec, "jobName" | "workDir" | "resources" | "output">,
    log: string,
  ): Promise<SubmittedJob> => {
    const script = `${dir}/${name}.sh`;
    await Deno.writeTextFile(
      script,
      batchScript({
        ...spec,
        jobName: `qubo-cnn-${pipeline.name}-${name}`,
        workDir: Deno.cwd(),
        resources,
        output: log,
      }),
    );
    const id = await sbatch(script, name);
    submitted.push(id);
    return { id, script, log };
  };
  try {
    const shared = status.sharedCached ? undefined : await submit("shared", {
      purpose: "Shared stages: features, Gram matrices and baselines of every cell.",
      command: [...cli, "--shared-only"],
    }, `${dir}/logs/shared-%j.out`);
    const cells = status.missingCells.length === 0 ? undefined : await submit("cells", {
      purpose: "One array task per cell not in the cache; the task index is the cell's index.",
      array: arraySpec(status.missingCells) + (request.jobs ? `%${request.jobs}` : ""),
      after: shared ? [shared.id] : [],
      command: [...cli, "--cell-index", "$SLURM_ARRAY_TASK_ID"],
    }, `${dir}/logs/cells-%A_%a.out`);
    const after = cells ?? shared;
    const assemble = await submit("assemble", {
      purpose: "Assembles summary.json, manifest.json and the report from the cache.",
      after: after ? [after.id] : [],
      command: [...cli, "--assemble", ...(request.report ? [] : ["--no-report"])],
    }, `${dir}/logs/assemble-%j.out`);
    const record: SubmissionRecord = {
      pipeline: request.pipelineFile,
      pipelineName: pipeline.name,
      pipelineSha256: pipeline.fileSha256,
      outDir,
      cacheDir,
      submittedAt: new Date().toISOString(),
      cells: pipeline.cells.map((cell) => cell.id),
      submitted: status.missingCells,
      jobs: { ...(shared ? { shared } : {}), ...(cells ? { cells } : {}), assemble },
    };
    const text = JSON.stringify(record, null, 2) + "\n";
    await Deno.writeTextFile(`${dir}/submission.json`, text);
    await Deno.writeTextFile(submissionPath(outDir), text);
    return record;
  } catch (error) {
    // A job Slurm rejected: the ones before it would wait for nothing.
    await scancel(submitted).catch(() => {});
    throw error;
  }
}
