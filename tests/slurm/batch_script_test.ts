import { assert } from "../helpers/assert.ts";
import { batchScript, shellQuote } from "../../lib/executors/slurm/batch_script.ts";
import {
  describeSettings,
  mergeSettings,
  readProfile,
  sbatchResourceArgs,
  validateOverrides,
} from "../../lib/executors/settings.ts";

Deno.test("a batch script carries every option in #SBATCH lines and quotes its command", () => {
  const text = batchScript({
    jobName: "qubo-cnn-digits-cells",
    output: "/r/slurm/1/logs/cells-%A_%a.out",
    workDir: "/home/a b",
    resources: ["--partition=short", "--cpus-per-task=2"],
    array: "0-2,5%4",
    after: ["17"],
    command: ["/usr/bin/deno", "run", "/p/it's.yaml", "--cell-index", "$SLURM_ARRAY_TASK_ID"],
    purpose: "Cells.",
  });
  assert.strictEqual(
    text,
    [
      "#!/bin/bash",
      "# Cells.",
      "# Written and submitted by qubo-cnn `run --executor slurm` as `sbatch --parsable THIS_FILE`.",
      "#SBATCH --job-name=qubo-cnn-digits-cells",
      "#SBATCH --output=/r/slurm/1/logs/cells-%A_%a.out",
      '#SBATCH --chdir="/home/a b"',
      "#SBATCH --export=ALL",
      "#SBATCH --nodes=1",
      "#SBATCH --ntasks=1",
      "#SBATCH --array=0-2,5%4",
      "#SBATCH --dependency=afterok:17",
      "#SBATCH --partition=short",
      "#SBATCH --cpus-per-task=2",
      "set -euo pipefail",
      "cd '/home/a b'",
      `exec /usr/bin/deno run '/p/it'\\''s.yaml' --cell-index "$SLURM_ARRAY_TASK_ID"`,
      "",
    ].join("\n"),
  );
  assert.strictEqual(shellQuote("a;b"), "'a;b'");
});

Deno.test("settings: pipeline, then profile, then flags, field by field", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/cluster.yaml`, "partition: long\nmem: 8G\naccount: lab\n");
  const profile = await readProfile(`${dir}/cluster.yaml`);
  const settings = mergeSettings(
    { name: "slurm", partition: "short", time: "1:00:00" },
    profile,
    validateOverrides({ partition: "gpu", sbatchArgs: ["--constraint=avx2"] }, "flags"),
  );
  assert.deepStrictEqual(sbatchResourceArgs(settings), [
    "--partition=gpu",
    "--account=lab",
    "--time=1:00:00",
    "--cpus-per-task=1",
    "--mem=8G",
    "--constraint=avx2",
  ]);
  assert.match(describeSettings(settings), /sbatch --partition=gpu --account=lab/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("settings: a bad field or a missing profile is one sentence naming it", async () => {
  assert.throws(
    () => validateOverrides({ mem: "lots" }, "flags"),
    /^UserError: flags: executor setting 'mem' must be a memory size such as 4G or 500M, got "lots"$/,
  );
  assert.throws(
    () => validateOverrides({ partiton: "x" }, "flags"),
    /unknown executor setting 'partiton'; use one of name, partition/,
  );
  await assert.rejects(
    () => readProfile("/nonexistent/cluster.yaml"),
    /executor profile '\/nonexistent\/cluster.yaml' cannot be read \(not found\); check the path/,
  );
});
