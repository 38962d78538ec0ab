/**
 * What a Slurm submission recorded in the results directory (slurm/submission.json): the jobs
 * it submitted, their scripts and logs, and which cell each array task runs. `status` and a
 * waiting submitter read the sweep's state from it and from Slurm.
 */
import { z } from "zod";
import { UserError } from "../../errors.ts";
import { readResultFile, type ResultOf } from "../../results/json_file.ts";

/** One submitted job. */
export const submittedJobSchema = z.object({
  id: z.string(),
  /** The batch script, as submitted. */
  script: z.string(),
  /** Log path pattern (%j, %A, %a as Slurm expands them). */
  log: z.string(),
});

/** One submitted job. */
export type SubmittedJob = ResultOf<typeof submittedJobSchema>;

/** slurm/submission.json. */
export const submissionRecordSchema = z.object({
  pipeline: z.string(),
  pipelineName: z.string(),
  pipelineSha256: z.string(),
  outDir: z.string(),
  cacheDir: z.string(),
  submittedAt: z.string(),
  /** Every cell of the pipeline, by index. */
  cells: z.array(z.string()),
  /** Indices of the cells submitted (the others were cached). */
  submitted: z.array(z.number().int().nonnegative()),
  jobs: z.object({
    shared: submittedJobSchema.optional(),
    cells: submittedJobSchema.optional(),
    assemble: submittedJobSchema,
  }),
});

/** slurm/submission.json: what a submission recorded. */
export type SubmissionRecord = ResultOf<typeof submissionRecordSchema>;

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

/** Reads the record of `outDir` (checked); a directory without one is one clear sentence. */
export async function readSubmission(outDir: string): Promise<SubmissionRecord> {
  const record = await readResultFile(
    submissionPath(outDir),
    submissionRecordSchema,
    "Slurm submission record",
    { optional: true },
  );
  if (!record) {
    throw new UserError(
      `${outDir} has no slurm/submission.json: give the results directory of a ` +
        "`run --executor slurm`",
      { code: "scheduler" },
    );
  }
  return record;
}
