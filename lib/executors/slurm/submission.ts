/**
 * What a Slurm submission recorded in the results directory (slurm/submission.json): the jobs
 * it submitted, their scripts and logs, and which cell each array task runs. `status` and a
 * waiting submitter read the sweep's state from it and from Slurm.
 */
import { UserError } from "../../errors.ts";

/** One submitted job. */
export interface SubmittedJob {
  readonly id: string;
  /** The batch script, as submitted. */
  readonly script: string;
  /** Log path pattern (%j, %A, %a as Slurm expands them). */
  readonly log: string;
}

/** The record. */
export interface SubmissionRecord {
  readonly pipeline: string;
  readonly pipelineName: string;
  readonly pipelineSha256: string;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly submittedAt: string;
  /** Every cell of the pipeline, by index. */
  readonly cells: readonly string[];
  /** Indices of the cells submitted (the others were cached). */
  readonly submitted: readonly number[];
  readonly jobs: {
    readonly shared?: SubmittedJob;
    readonly cells?: SubmittedJob;
    readonly assemble: SubmittedJob;
  };
}

/** Where the record of `outDir` lives. */
export function submissionPath(outDir: string): string {
  return `${outDir}/slurm/submission.json`;
}

/** Where the array task of cell `index` writes its one-cell results. */
export function cellTaskDir(outDir: string, index: number): string {
  return `${outDir}/tasks/cell-${index}`;
}

/** Where the shared-stages job writes its marker. */
export function sharedTaskDir(outDir: string): string {
  return `${outDir}/tasks/shared`;
}

/** The log of one job (array task `task` for the array). */
export function logPath(job: SubmittedJob, task?: number): string {
  return job.log.replaceAll("%A", job.id).replaceAll("%j", job.id).replaceAll(
    "%a",
    String(task ?? ""),
  );
}

/** Every job id of the record. */
export function jobIds(record: SubmissionRecord): string[] {
  const { shared, cells, assemble } = record.jobs;
  return [shared?.id, cells?.id, assemble.id].filter((id): id is string => id !== undefined);
}

/** Reads the record of `outDir`; a directory without one is one clear sentence. */
export async function readSubmission(outDir: string): Promise<SubmissionRecord> {
  try {
    return JSON.parse(await Deno.readTextFile(submissionPath(outDir))) as SubmissionRecord;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `${outDir} has no slurm/submission.json: give the results directory of a ` +
          "`run --executor slurm`",
        { code: "scheduler" },
      );
    }
    throw error;
  }
}
