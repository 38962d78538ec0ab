/**
 * One look at a submitted sweep: the state of the shared job, of each submitted cell's array
 * task and of the assembly job, from `scontrol show job` while Slurm remembers the jobs, then
 * from the files the tasks wrote and from `sacct` where the cluster keeps accounting.
 */
import { readResultFile } from "../../results/json_file.ts";
import { type RunSummary, runSummarySchema } from "../../results/summary.ts";
import { accountedJob, showJob } from "./commands.ts";
import { expandArrayTaskIds, isTerminal, type JobRecord } from "./job_records.ts";
import {
  cellTaskDir,
  logPath,
  sharedTaskDir,
  type SubmissionRecord,
  type SubmittedJob,
} from "./submission.ts";

/** A job's (or array task's) state. */
export interface UnitState {
  /** "12" or "12_3". */
  readonly jobId: string;
  readonly state: string;
  readonly reason: string;
  readonly exitCode: string;
  readonly log: string;
}

/** A cell's array task. */
export interface CellTaskState extends UnitState {
  readonly index: number;
  readonly cellId: string;
}

/** The whole sweep. */
export interface SweepState {
  readonly shared?: UnitState;
  readonly cells: readonly CellTaskState[];
  readonly assemble: UnitState;
}

/** What a forgotten job with no accounting left behind is called. */
export const FORGOTTEN = "UNKNOWN";

/** True when a state has ended without success. */
export function failed(unit: UnitState): boolean {
  return (isTerminal(unit.state) && unit.state !== "COMPLETED") || unit.state === FORGOTTEN;
}

/** True when a unit will not change any more. */
export function settled(unit: UnitState): boolean {
  return isTerminal(unit.state) || unit.state === FORGOTTEN;
}

async function writtenSince(path: string, since: string): Promise<boolean> {
  try {
    const stat = await Deno.stat(path);
    return (stat.mtime?.getTime() ?? 0) >= Date.parse(since) - 1000;
  } catch {
    return false;
  }
}

function unit(record: JobRecord, jobId: string, log: string): UnitState {
  return { jobId, state: record.state, reason: record.reason, exitCode: record.exitCode, log };
}

/** A job Slurm has forgotten: done if it left its output, else what accounting says. */
async function forgotten(
  jobId: string,
  log: string,
  output: string,
  since: string,
): Promise<UnitState> {
  if (await writtenSince(output, since)) {
    return { jobId, state: "COMPLETED", reason: "None", exitCode: "0:0", log };
  }
  const accounted = (await accountedJob(jobId))?.find((r) => r.jobId === jobId);
  if (accounted) return unit(accounted, jobId, log);
  return { jobId, state: FORGOTTEN, reason: "None", exitCode: "?", log };
}

async function single(
  job: SubmittedJob,
  output: string,
  since: string,
): Promise<UnitState> {
  const [record] = await showJob(job.id);
  const log = record?.stdout ?? logPath(job);
  return record ? unit(record, job.id, log) : await forgotten(job.id, log, output, since);
}

/** Looks at every job of the submission once. */
export async function observeSweep(record: SubmissionRecord): Promise<SweepState> {
  const since = record.submittedAt;
  const shared = record.jobs.shared
    ? await single(record.jobs.shared, `${sharedTaskDir(record.outDir)}/shared.json`, since)
    : undefined;
  const cells: CellTaskState[] = [];
  const job = record.jobs.cells;
  if (job) {
    const records = await showJob(job.id);
    const byTask = new Map<number, JobRecord>();
    const waiting = new Map<number, JobRecord>();
    for (const r of records) {
      if (r.arrayTaskId === undefined) continue;
      if (/^\d+$/.test(r.arrayTaskId)) byTask.set(Number(r.arrayTaskId), r);
      else for (const i of expandArrayTaskIds(r.arrayTaskId)) waiting.set(i, r);
    }
    for (const index of record.submitted) {
      const jobId = `${job.id}_${index}`;
      const log = logPath(job, index);
      const known = byTask.get(index);
      const pending = waiting.get(index);
      const state = known
        ? unit(known, jobId, known.stdout ?? log)
        : pending
        ? { ...unit(pending, jobId, log), state: pending.state }
        : await forgotten(jobId, log, `${cellTaskDir(record.outDir, index)}/summary.json`, since);
      cells.push({ ...state, index, cellId: record.cells[index] });
    }
  }
  const assemble = await single(record.jobs.assemble, `${record.outDir}/summary.json`, since);
  return { ...(shared ? { shared } : {}), cells, assemble };
}

/** The one-cell summary an array task wrote. */
export async function cellTaskSummary(
  record: SubmissionRecord,
  index: number,
): Promise<RunSummary | undefined> {
  // A task still writing has no summary yet; a damaged one is a clear error.
  return await readResultFile(
    `${cellTaskDir(record.outDir, index)}/summary.json`,
    runSummarySchema,
    "Run summary",
    { optional: true },
  );
}

/** The last "error: ..." line of a log, if it has one. */
async function logError(log: string): Promise<string | undefined> {
  try {
    const lines = (await Deno.readTextFile(log)).split("\n");
    return lines.reverse().find((line) => /^(error|internal error): /.test(line));
  } catch {
    return undefined;
  }
}

async function logExists(log: string): Promise<boolean> {
  try {
    await Deno.stat(log);
    return true;
  } catch {
    return false;
  }
}

/** One line naming a failed unit, its exit state and its log. */
export async function describeFailure(what: string, state: UnitState): Promise<string> {
  if (state.state === FORGOTTEN) {
    return `${what} (job ${state.jobId}): ended with no output, and Slurm no longer remembers it ` +
      `(no accounting on this cluster); log ${state.log}`;
  }
  const exit = state.exitCode === "0:0" ? "" : `, exit ${state.exitCode}`;
  const head = `${what} (job ${state.jobId}): ${state.state}${exit}`;
  if (!(await logExists(state.log))) return `${head}, no log (it never started)`;
  const error = await logError(state.log);
  return `${head}, log ${state.log}${error ? ` (${error})` : ""}`;
}

/** Counts of cells by phase, for progress lines and `status`. */
export function cellCounts(state: SweepState) {
  const count = (test: (c: CellTaskState) => boolean) => state.cells.filter(test).length;
  return {
    done: count((c) => c.state === "COMPLETED"),
    running: count((c) => c.state === "RUNNING" || c.state === "COMPLETING"),
    pending: count((c) => !settled(c) && c.state !== "RUNNING" && c.state !== "COMPLETING"),
    failed: count(failed),
  };
}
