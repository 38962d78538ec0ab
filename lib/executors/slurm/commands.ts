/**
 * Slurm's client commands as functions: sbatch, scontrol show job, sacct, scancel. Slurm is
 * found through PATH and SLURM_CONF like any Slurm tool; errors a user can meet (no sbatch, a
 * job Slurm rejects) become one sentence with Slurm's own message.
 */
import { UserError } from "../../errors.ts";
import { type JobRecord, parseSacct, parseScontrolJobs } from "./job_records.ts";

interface Output {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function slurm(command: string, args: readonly string[]): Promise<Output> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command, {
      args: [...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `${command} not found on PATH: run on a Slurm login node (or install Slurm's client ` +
          "commands, Debian package slurm-client), or use --executor local",
        { code: "scheduler" },
      );
    }
    throw error;
  }
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim();
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** Slurm's message without its "sbatch: error: " prefixes, on one line. */
export function slurmMessage(stderr: string): string {
  return stderr.split("\n").map((line) => line.replace(/^\w+: (error|fatal): /, "").trim())
    .filter((line) => line !== "").join("; ");
}

/** The job id printed by `sbatch --parsable` ("123" or "123;cluster"). */
export function parseParsable(stdout: string): string {
  const id = stdout.trim().split("\n").pop()!.split(";")[0];
  if (!/^\d+$/.test(id)) throw new Error(`sbatch --parsable printed "${stdout}", not a job id`);
  return id;
}

/** Fails with one sentence, before anything is written, where sbatch cannot be run. */
export async function requireSbatch(): Promise<void> {
  await slurm("sbatch", ["--version"]);
}

/** Submits a batch script (its options are its #SBATCH lines); returns the job id. */
export async function sbatch(script: string, what: string): Promise<string> {
  const { code, stdout, stderr } = await slurm("sbatch", ["--parsable", script]);
  if (code !== 0) {
    const message = slurmMessage(stderr) || `exit status ${code}`;
    const hint = /configuration source|unable to contact slurm controller/i.test(message)
      ? "; this machine reaches no Slurm controller: run on a login node, or set SLURM_CONF"
      : /partition/i.test(message)
      ? "; name one with executor.partition in the pipeline or --partition (sinfo lists them)"
      : "; fix the executor settings (pipeline executor section, profile or flags)";
    throw new UserError(`Slurm rejected the ${what} job (${script}): ${message}${hint}`, {
      code: "scheduler",
    });
  }
  return parseParsable(stdout);
}

/**
 * Slurm's records of a job and, for an array, of each task it has started (pending tasks stay
 * in one record whose ArrayTaskId is a range). Empty when Slurm no longer remembers the job
 * (finished more than MinJobAge ago).
 */
export async function showJob(jobId: string): Promise<JobRecord[]> {
  const { code, stdout, stderr } = await slurm("scontrol", ["show", "job", "-o", jobId]);
  if (code !== 0) {
    if (/invalid job id/i.test(stderr)) return [];
    throw new UserError(`scontrol show job ${jobId} failed: ${slurmMessage(stderr)}`, {
      code: "scheduler",
    });
  }
  return parseScontrolJobs(stdout);
}

/**
 * Accounting's records of a job, for jobs scontrol has forgotten; undefined where the cluster
 * keeps no accounting (a minimal cluster: "Slurm accounting storage is disabled").
 */
export async function accountedJob(jobId: string): Promise<JobRecord[] | undefined> {
  let output: Output;
  try {
    output = await slurm("sacct", [
      "--noheader",
      "--parsable2",
      "--allocations",
      "--jobs",
      jobId,
      "--format=JobID,State,ExitCode",
    ]);
  } catch {
    return undefined;
  }
  if (output.code !== 0 || /disabled/i.test(output.stderr + output.stdout)) return undefined;
  return parseSacct(output.stdout);
}

/** Cancels jobs or array tasks ("12", "12_3"); ids Slurm has forgotten are ignored. */
export async function scancel(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const { code, stderr } = await slurm("scancel", [...ids]);
  if (code !== 0 && !/invalid job id|already completing or completed/i.test(stderr)) {
    throw new UserError(`scancel ${ids.join(" ")} failed: ${slurmMessage(stderr)}`, {
      code: "scheduler",
    });
  }
}
