/** The Slurm executor's errors a user can meet without a cluster: one sentence, no stack. */
import { assert } from "../helpers/assert.ts";
import { checkCacheWritable } from "../../lib/executors/task_modes.ts";

const PIPELINE = `
name: tiny
dataset: { name: digits, trainPerClass: 10, testPerClass: 5 }
features: { filters: 1, kernel: 3, pool: 2, seed: 1 }
training: { bits: 3, iterations: 1 }
sampler: { name: sa, params: { numSweeps: 10, seed: 0 } }
baselines: false
report: false
`;

async function cli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "cli/main.ts", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("run --executor slurm without sbatch on PATH says so", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/tiny.yaml`, PIPELINE);
  const { code, stderr } = await cli(
    [
      "run",
      `${dir}/tiny.yaml`,
      "--executor",
      "slurm",
      "--out",
      `${dir}/out`,
      "--cache-dir",
      `${dir}/c`,
    ],
    { PATH: `${dir}/no-such-bin` },
  );
  assert.strictEqual(code, 1);
  assert.strictEqual(
    stderr,
    "error: sbatch not found on PATH: run on a Slurm login node (or install Slurm's client " +
      "commands, Debian package slurm-client), or use --executor local\n",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("task modes: a cell index out of range and a pipeline edited since submission", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/tiny.yaml`, PIPELINE);
  const base = ["run", `${dir}/tiny.yaml`, "--out", `${dir}/out`, "--cache-dir", `${dir}/c`];
  const range = await cli([...base, "--cell-index", "3"]);
  assert.strictEqual(range.code, 1);
  assert.match(
    range.stderr,
    /^error: --cell-index 3 is out of range: .*tiny\.yaml has 1 cells \(0 to 0\)\n$/,
  );
  const edited = await cli([...base, "--shared-only", "--pipeline-sha256", "ab".repeat(32)]);
  assert.strictEqual(edited.code, 1);
  assert.match(
    edited.stderr,
    /^error: .*tiny\.yaml changed since it was submitted \(sha256 [0-9a-f]{12}, submitted abababababab\); run the submitting command again\n$/,
  );
  const detach = await cli([...base, "--detach"]);
  assert.strictEqual(detach.stderr, "error: --detach needs --executor slurm\n");
  const status = await cli(["status", dir]);
  assert.strictEqual(status.code, 1);
  assert.match(
    status.stderr,
    /has no slurm\/submission\.json: give the results directory of a `run --executor slurm`/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a cache directory a task cannot write is one sentence naming it", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/file`, "");
  await assert.rejects(
    () => checkCacheWritable(`${dir}/file/cache`),
    new RegExp(
      `^UserError: cache directory '${dir}/file/cache' is not writable from node [^ ]+ \\(.*\\); ` +
        "put it on a filesystem every node mounts read-write, or pass --cache-dir$",
    ),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("plan --executor slurm prints the sbatch resources, flags over the pipeline", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/tiny.yaml`,
    PIPELINE + "executor: { name: slurm, partition: long, time: '2:00:00', pollSeconds: 2 }\n",
  );
  const { code, stdout } = await cli([
    "plan",
    `${dir}/tiny.yaml`,
    "--cache-dir",
    `${dir}/c`,
    "--partition",
    "short",
    "--mem",
    "4G",
    "--sbatch-arg=--constraint=avx2",
  ]);
  assert.strictEqual(code, 0);
  assert.ok(
    stdout.endsWith(
      "\nexecutor: slurm (shared stages, then one array task per cell to compute, then the assembly)\n" +
        "  sbatch --partition=short --time=2:00:00 --cpus-per-task=1 --mem=4G --constraint=avx2\n" +
        "  polls the queue every 2 s while waiting\n",
    ),
    stdout,
  );
  await Deno.remove(dir, { recursive: true });
});
