/**
 * The batch scripts a Slurm submission writes into the results directory. Every option sits in
 * an #SBATCH line (dependencies included), so `sbatch --parsable FILE` is exactly what was
 * submitted and a user can read or resubmit it. Secrets never appear: the tasks inherit the
 * submitter's environment (--export=ALL), which is how a D-Wave token reaches them.
 */

/** One script's content. */
export interface BatchScriptSpec {
  readonly jobName: string;
  /** Log path with Slurm's %j / %A / %a patterns. */
  readonly output: string;
  readonly workDir: string;
  /** Resource options (--partition=..., --time=..., extra args), one argument each. */
  readonly resources: readonly string[];
  /** "--array=..." value, with its %N throttle. */
  readonly array?: string;
  /** Job ids this one waits for (afterok). */
  readonly after?: readonly string[];
  /** The command the job runs, one argument each ("$SLURM_ARRAY_TASK_ID" is expanded). */
  readonly command: readonly string[];
  /** A comment saying what the job does. */
  readonly purpose: string;
}

/** Quotes one argument for bash; $SLURM_* variables are left to expand. */
export function shellQuote(arg: string): string {
  if (/^\$[A-Z_]+$/.test(arg)) return `"${arg}"`;
  if (/^[A-Za-z0-9_./=:,@%+-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** An #SBATCH option whose value has spaces, double-quoted as sbatch reads it. */
function sbatchQuote(arg: string): string {
  const match = /^(--[a-z-]+=)(.*\s.*)$/.exec(arg);
  return match ? `${match[1]}"${match[2]}"` : arg;
}

/** The script's text. */
export function batchScript(spec: BatchScriptSpec): string {
  const sbatch = [
    `--job-name=${spec.jobName}`,
    `--output=${spec.output}`,
    `--chdir=${spec.workDir}`,
    "--export=ALL",
    "--nodes=1",
    "--ntasks=1",
    ...(spec.array ? [`--array=${spec.array}`] : []),
    ...(spec.after && spec.after.length > 0
      ? [`--dependency=afterok:${spec.after.join(":")}`]
      : []),
    ...spec.resources,
  ];
  return [
    "#!/bin/bash",
    `# ${spec.purpose}`,
    "# Written and submitted by qubo-cnn `run --executor slurm` as `sbatch --parsable THIS_FILE`.",
    ...sbatch.map((arg) => `#SBATCH ${sbatchQuote(arg)}`),
    "set -euo pipefail",
    `cd ${shellQuote(spec.workDir)}`,
    `exec ${spec.command.map(shellQuote).join(" ")}`,
    "",
  ].join("\n");
}
