import { assert } from "../helpers/assert.ts";
import {
  arraySpec,
  expandArrayTaskIds,
  parseSacct,
  parseScontrolJobs,
} from "../../lib/executors/slurm/job_records.ts";
import { parseParsable, slurmMessage } from "../../lib/executors/slurm/commands.ts";

// Lines as slurmctld 22.05 prints them for an array with a pending rest and a finished task.
const SCONTROL = [
  "JobId=1 ArrayJobId=1 ArrayTaskId=2-3%2 ArrayTaskThrottle=2 JobName=try UserId=root(0) " +
  "JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) ExitCode=0:0 " +
  "AllocNode:Sid=localhost:4050 ReqB:S:C:T=0:0:*:* StdOut=/tmp/logs/1_4294967294.out Power=",
  "JobId=5 ArrayJobId=1 ArrayTaskId=2 ArrayTaskThrottle=2 JobName=try UserId=root(0) " +
  "JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 " +
  "StdErr=/tmp/logs/1_2.out StdIn=/dev/null StdOut=/tmp/logs/1_2.out Power=",
  "JobId=2 JobName=wrap JobState=PENDING Reason=DependencyNeverSatisfied ExitCode=0:0",
].join("\n");

Deno.test("scontrol show job -o lines become records, array ranges kept as written", () => {
  assert.deepStrictEqual(parseScontrolJobs(SCONTROL), [
    {
      jobId: "1",
      arrayJobId: "1",
      arrayTaskId: "2-3%2",
      state: "PENDING",
      reason: "JobArrayTaskLimit",
      exitCode: "0:0",
      stdout: "/tmp/logs/1_4294967294.out",
    },
    {
      jobId: "5",
      arrayJobId: "1",
      arrayTaskId: "2",
      state: "FAILED",
      reason: "NonZeroExitCode",
      exitCode: "3:0",
      stdout: "/tmp/logs/1_2.out",
    },
    {
      jobId: "2",
      state: "PENDING",
      reason: "DependencyNeverSatisfied",
      exitCode: "0:0",
    },
  ]);
});

Deno.test("sacct --parsable2 rows, with 'CANCELLED by 0' cut to its state", () => {
  assert.deepStrictEqual(parseSacct("7_1|CANCELLED by 0|0:15\n8|COMPLETED|0:0\n"), [
    {
      jobId: "7_1",
      arrayJobId: "7",
      arrayTaskId: "1",
      state: "CANCELLED",
      reason: "None",
      exitCode: "0:15",
    },
    { jobId: "8", state: "COMPLETED", reason: "None", exitCode: "0:0" },
  ]);
});

Deno.test("array specs expand and compress both ways", () => {
  assert.deepStrictEqual(expandArrayTaskIds("0-3%2"), [0, 1, 2, 3]);
  assert.deepStrictEqual(expandArrayTaskIds("0,2-3%2"), [0, 2, 3]);
  assert.deepStrictEqual(expandArrayTaskIds("1-7:3"), [1, 4, 7]);
  assert.strictEqual(arraySpec([5, 0, 1, 2, 9, 10]), "0-2,5,9-10");
  assert.strictEqual(arraySpec([1]), "1");
});

Deno.test("sbatch --parsable output and error messages", () => {
  assert.strictEqual(parseParsable("42\n"), "42");
  assert.strictEqual(parseParsable("42;cluster-a"), "42");
  assert.throws(() => parseParsable("Submitted batch job 42"), /not a job id/);
  assert.strictEqual(
    slurmMessage(
      "sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified",
    ),
    "invalid partition specified: nope; Batch job submission failed: Invalid partition name specified",
  );
});
