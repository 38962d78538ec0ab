/** Parsers of Slurm's job listings (`scontrol show job -o`, `sacct --parsable2`). */

/** One job, or one array task, as Slurm reports it. */
export interface JobRecord {
  readonly jobId: string;
  /** Array jobs: the array's id. */
  readonly arrayJobId?: string;
  /** Array jobs: the task index, or a range such as "2-5%2" for tasks not started yet. */
  readonly arrayTaskId?: string;
  /** PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, ... */
  readonly state: string;
  /** Why a job waits (Dependency, DependencyNeverSatisfied, JobArrayTaskLimit, ...). */
  readonly reason: string;
  /** "code:signal". */
  readonly exitCode: string;
  /** The log Slurm writes the job's output to. */
  readonly stdout?: string;
}

/** States after which a job does nothing more. */
const TERMINAL = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "OUT_OF_MEMORY",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "REVOKED",
]);

/** True when a job in `state` has ended. */
export function isTerminal(state: string): boolean {
  return TERMINAL.has(state);
}

/** Parses `scontrol show job -o`: one job per line, space-separated Key=Value fields. */
export function parseScontrolJobs(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("JobId=")) continue;
    const fields = new Map<string, string>();
    // Values have no spaces except a few free-text fields (Reason, Comment) that scontrol
    // prints last-but-never-parsed here; a key is a word followed by "=".
    for (const match of line.matchAll(/(?:^|\s)([A-Za-z:/_]+)=(\S*)/g)) {
      if (!fields.has(match[1])) fields.set(match[1], match[2]);
    }
    const taskId = fields.get("ArrayTaskId");
    records.push({
      jobId: fields.get("JobId")!,
      ...(fields.get("ArrayJobId") ? { arrayJobId: fields.get("ArrayJobId") } : {}),
      ...(taskId && taskId !== "N/A" ? { arrayTaskId: taskId } : {}),
      state: fields.get("JobState") ?? "UNKNOWN",
      reason: fields.get("Reason") ?? "None",
      exitCode: fields.get("ExitCode") ?? "0:0",
      ...(fields.get("StdOut") ? { stdout: fields.get("StdOut") } : {}),
    });
  }
  return records;
}

/** Parses `sacct --parsable2 --noheader --format=JobID,State,ExitCode`. */
export function parseSacct(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  for (const line of text.split("\n")) {
    const [id, state, exitCode] = line.trim().split("|");
    if (!id || !state) continue;
    const [jobId, task] = id.split("_");
    records.push({
      jobId: id,
      ...(task !== undefined ? { arrayJobId: jobId, arrayTaskId: task } : {}),
      // "CANCELLED by 0" -> CANCELLED
      state: state.split(" ")[0],
      reason: "None",
      exitCode: exitCode ?? "0:0",
    });
  }
  return records;
}

/** The task indices of an array spec such as "0-3%2", "1,4,7" or "0-10:2". */
export function expandArrayTaskIds(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split("%")[0].split(",")) {
    const match = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!match) continue;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const step = match[3] === undefined ? 1 : Math.max(1, Number(match[3]));
    for (let i = first; i <= last; i += step) out.push(i);
  }
  return out;
}

/** The shortest array spec of sorted indices: [0, 1, 2, 5] -> "0-2,5". */
export function arraySpec(indices: readonly number[]): string {
  const parts: string[] = [];
  let start = -1;
  let previous = -2;
  for (const index of [...indices].sort((a, b) => a - b)) {
    if (index === previous + 1) {
      previous = index;
      continue;
    }
    if (start >= 0) parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = previous = index;
  }
  if (start >= 0) parts.push(start === previous ? `${start}` : `${start}-${previous}`);
  return parts.join(",");
}
