/**
 * `run --executor slurm` on a real single-node Slurm cluster (tests/slurm/cluster.ts): the
 * summary's cells equal a local run's (accuracies, cache keys) with the report built; one array
 * task cancelled while the sweep is in flight is named, and the same command submits only that
 * cell; a rejected job, --detach, Ctrl-C, a failed shared job, and a D-Wave cell (mock SAPI)
 * whose token reaches the tasks through the environment only.
 */
import { assert } from "../helpers/assert.ts";
import { loadPipeline } from "../../lib/pipeline/load.ts";
import { runPipeline } from "../../lib/runner/run_pipeline.ts";
import { silentReporter } from "../../lib/runner/reporter.ts";
import type { RunSummary } from "../../lib/results/types.ts";
import type { SubmissionRecord } from "../../lib/executors/slurm/submission.ts";
import { startMockSapi } from "../../samplers/dwave/mock/server.ts";
import { type SlurmCluster, startCluster } from "./cluster.ts";

const PIPELINE = `
name: slurm-digits
dataset: { name: digits, trainPerClass: 30, testPerClass: 15 }
features: { filters: 2, kernel: 3, pool: 2, seed: [1, 2] }
training: { bits: [4, 6], iterations: 4, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 50, seed: 3 } }
baselines:
  sgd: { epochs: 5, learningRate: 0.1, batchSize: 32, seed: 0 }
  exact: { maxIterations: 200, tolerance: 1.0e-9 }
report: true
executor:
  pollSeconds: 0.25
`;

const TOKEN = "test-token-that-must-not-be-written";

function cli(
  cluster: SlurmCluster,
  args: string[],
  env: Record<string, string> = { DWAVE_API_TOKEN: TOKEN },
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "cli/main.ts", ...args],
    env: { ...cluster.env, ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function finish(child: Deno.ChildProcess) {
  const out = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(path)) as T;
}

function comparableCells(summary: RunSummary) {
  return summary.cells.map((c) => ({
    id: c.id,
    variables: c.variables,
    couplers: c.couplers,
    trainAccuracy: c.trainAccuracy,
    testAccuracy: c.testAccuracy,
    solveQuality: c.solveQuality,
    iterations: c.iterations,
  }));
}

async function manifestKeys(outDir: string) {
  const manifest = await readJson<{ cells: { id: string; keys: Record<string, string> }[] }>(
    `${outDir}/manifest.json`,
  );
  return manifest.cells.map((c) => ({ id: c.id, keys: c.keys }));
}

/** Every text file under `dir` (results, scripts, logs). */
async function* walkFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walkFiles(path);
    else if (entry.isFile && !entry.name.endsWith(".f64")) yield path;
  }
}

/** Waits for a file the submitter writes right after sbatch returns. */
async function waitForFile(path: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      await Deno.stat(path);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${path} did not appear within ${seconds} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

Deno.test("slurm executor on a real single-node cluster", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-slurm-run-" });
  const file = `${dir}/slurm-digits.yaml`;
  await Deno.writeTextFile(file, PIPELINE);
  const local = await runPipeline({
    pipeline: await loadPipeline(file),
    outDir: `${dir}/local`,
    cacheDir: `${dir}/local-cache`,
    jobs: 2,
    report: false,
    reporter: silentReporter,
  });
  const localKeys = await manifestKeys(`${dir}/local`);

  const cluster = await startCluster();
  try {
    await t.step("a waiting submitter ends with the local run's cells and the report", async () => {
      const out = `${dir}/slurm`;
      const run = await finish(cli(cluster, [
        "run",
        file,
        "--executor",
        "slurm",
        "--out",
        out,
        "--cache-dir",
        `${dir}/cache`,
        "--jobs",
        "2",
      ]));
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stderr, /submitted 4 of 4 cells \(0 cached\): shared \d+, cells \d+/);
      assert.match(run.stderr, /\[4\/4\] digits\//);
      const summary = await readJson<RunSummary>(`${out}/summary.json`);
      assert.deepStrictEqual(comparableCells(summary), comparableCells(local.summary));
      assert.deepStrictEqual(await manifestKeys(out), localKeys);
      assert.deepStrictEqual(
        summary.baselines.map((b) => [b.method, b.seed, b.testAccuracy]),
        local.summary.baselines.map((b) => [b.method, b.seed, b.testAccuracy]),
      );
      // The array tasks trained the cells; the assembly kept their timings.
      assert.ok(summary.cells.every((c) => c.cached === false && c.seconds > 0));
      assert.ok((await Deno.stat(`${out}/index.html`)).isFile);
      const record = await readJson<SubmissionRecord>(`${out}/slurm/submission.json`);
      const cells = await Deno.readTextFile(`${out}/slurm/1/cells.sh`);
      assert.match(cells, /^#SBATCH --array=0-3%2$/m);
      assert.match(
        cells,
        new RegExp(`^#SBATCH --dependency=afterok:${record.jobs.shared!.id}$`, "m"),
      );
      assert.match(cells, /--cell-index "\$SLURM_ARRAY_TASK_ID"/);
      const assemble = await Deno.readTextFile(`${out}/slurm/1/assemble.sh`);
      assert.match(
        assemble,
        new RegExp(`^#SBATCH --dependency=afterok:${record.jobs.cells!.id}$`, "m"),
      );
      for (const name of ["shared", "cells", "assemble"]) {
        assert.ok(!(await Deno.readTextFile(`${out}/slurm/1/${name}.sh`)).includes(TOKEN));
      }
      const status = await finish(cli(cluster, ["status", out]));
      assert.strictEqual(status.code, 0, status.stderr);
      assert.match(status.stdout, /cells: 4 done, 0 running, 0 pending, 0 failed/);
      assert.match(status.stdout, /assembled: /);
    });

    await t.step(
      "scancel of one task fails the sweep by name; the rerun submits only it",
      async () => {
        const out = `${dir}/cancel`;
        const args = [
          "run",
          file,
          "--executor",
          "slurm",
          "--out",
          out,
          "--cache-dir",
          `${dir}/cancel-cache`,
          "--jobs",
          "2",
          "--no-report",
        ];
        // Held at submission, so the task is cancelled before Slurm can start it, then released.
        const submitter = cli(cluster, [...args, "--sbatch-arg=--hold"]);
        await waitForFile(`${out}/slurm/submission.json`, 60);
        const record = await readJson<SubmissionRecord>(`${out}/slurm/submission.json`);
        const array = record.jobs.cells!.id;
        const cancel = await cluster.command("scancel", `${array}_1`);
        assert.strictEqual(cancel.code, 0, cancel.stderr);
        const release = await cluster.command(
          "scontrol",
          "release",
          record.jobs.shared!.id,
          array,
          record.jobs.assemble.id,
        );
        assert.strictEqual(release.code, 0, release.stderr);
        const failed = await finish(submitter);
        assert.strictEqual(failed.code, 1, failed.stderr);
        assert.match(
          failed.stderr,
          /error: 1 of 4 submitted cells failed on Slurm; .*run the same command again/,
        );
        assert.match(
          failed.stderr,
          new RegExp(
            `cell digits/seed=1/K=6/sa \\(job ${array}_1\\): .*log ${out}/slurm/1/logs/cells-${array}_1\\.out`,
          ),
        );
        const status = await finish(cli(cluster, ["status", out]));
        assert.match(status.stdout, /cells: 3 done, 0 running, 0 pending, 1 failed/);

        const rerun = await finish(cli(cluster, args));
        assert.strictEqual(rerun.code, 0, rerun.stderr);
        assert.match(rerun.stderr, /submitted 1 of 4 cells \(3 cached\): cells \d+, assembly \d+/);
        const second = await readJson<SubmissionRecord>(`${out}/slurm/2/submission.json`);
        assert.deepStrictEqual(second.submitted, [1]);
        assert.strictEqual(second.jobs.shared, undefined);
        assert.match(await Deno.readTextFile(`${out}/slurm/2/cells.sh`), /^#SBATCH --array=1%2$/m);
        const summary = await readJson<RunSummary>(`${out}/summary.json`);
        assert.deepStrictEqual(comparableCells(summary), comparableCells(local.summary));
        assert.deepStrictEqual(await manifestKeys(out), localKeys);
      },
    );

    await t.step("a job Slurm rejects is named with Slurm's message", async () => {
      const run = await finish(cli(cluster, [
        "run",
        file,
        "--executor",
        "slurm",
        "--out",
        `${dir}/rejected`,
        "--cache-dir",
        `${dir}/rejected-cache`,
        "--partition",
        "nope",
      ]));
      assert.strictEqual(run.code, 1);
      assert.match(
        run.stderr,
        /error: Slurm rejected the shared job \(.*\/rejected\/slurm\/1\/shared\.sh\): .*Invalid partition name specified; name one with executor\.partition in the pipeline or --partition/,
      );
    });

    await t.step(
      "--detach returns with the job ids; Ctrl-C on a waiting submitter cancels",
      async () => {
        const held = [
          "--executor",
          "slurm",
          "--cache-dir",
          `${dir}/held-cache`,
          "--sbatch-arg=--hold",
        ];
        const detached = await finish(
          cli(cluster, ["run", file, ...held, "--out", `${dir}/detached`, "--detach"]),
        );
        assert.strictEqual(detached.code, 0, detached.stderr);
        const record = await readJson<SubmissionRecord>(`${dir}/detached/slurm/submission.json`);
        const ids = [record.jobs.shared!.id, record.jobs.cells!.id, record.jobs.assemble.id];
        assert.match(detached.stdout, new RegExp(`^submitted jobs ${ids.join(" ")}$`, "m"));
        const status = await finish(cli(cluster, ["status", `${dir}/detached`]));
        assert.match(status.stdout, /shared stages: PENDING/);
        assert.match(status.stdout, /cells: 0 done, 0 running, 4 pending, 0 failed/);
        assert.match(status.stdout, /assembly: PENDING \((Dependency|JobHeldUser)\)/);
        assert.strictEqual((await cluster.command("scancel", ...ids)).code, 0);

        const waiting = cli(cluster, ["run", file, ...held, "--out", `${dir}/interrupted`]);
        await waitForFile(`${dir}/interrupted/slurm/submission.json`, 60);
        const submitted = await readJson<SubmissionRecord>(
          `${dir}/interrupted/slurm/submission.json`,
        );
        waiting.kill("SIGINT");
        const interrupted = await finish(waiting);
        assert.strictEqual(interrupted.code, 130, interrupted.stderr);
        for (
          const id of [
            submitted.jobs.shared!.id,
            submitted.jobs.cells!.id,
            submitted.jobs.assemble.id,
          ]
        ) {
          const shown = await cluster.command("scontrol", "show", "job", "-o", id);
          assert.match(shown.stdout, /JobState=CANCELLED/, `job ${id}: ${shown.stdout}`);
        }
      },
    );

    await t.step("a failed shared job is named with its log's error", async () => {
      const edited = `${dir}/edited.yaml`;
      await Deno.writeTextFile(edited, PIPELINE);
      const out = `${dir}/edited`;
      const submitter = cli(cluster, [
        "run",
        edited,
        "--executor",
        "slurm",
        "--out",
        out,
        "--cache-dir",
        `${dir}/edited-cache`,
        "--sbatch-arg=--hold",
      ]);
      await waitForFile(`${out}/slurm/submission.json`, 60);
      const record = await readJson<SubmissionRecord>(`${out}/slurm/submission.json`);
      await Deno.writeTextFile(edited, PIPELINE + "# edited after submission\n");
      const ids = [record.jobs.shared!.id, record.jobs.cells!.id, record.jobs.assemble.id];
      assert.strictEqual((await cluster.command("scontrol", "release", ...ids)).code, 0);
      const run = await finish(submitter);
      assert.strictEqual(run.code, 1, run.stderr);
      const shared = record.jobs.shared!.id;
      assert.match(
        run.stderr,
        new RegExp(
          `error: the shared stages \\(job ${shared}\\): FAILED, exit 1:0, log ${out}/slurm/1/logs/shared-${shared}\\.out \\(error: .*edited\\.yaml changed since it was submitted .*\\); no cell ran`,
        ),
      );
    });

    await t.step("a D-Wave cell runs the same way, its token only in the environment", async () => {
      const dwave = `${dir}/dwave.yaml`;
      await Deno.writeTextFile(
        dwave,
        `name: slurm-dwave
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 2, kernel: 3, pool: 2, seed: 1 }
training: { bits: 3, iterations: 2, ridge: 0.01 }
sampler: { name: dwave-hybrid }
baselines: false
report: false
executor: { pollSeconds: 0.25 }
`,
      );
      const mock = await startMockSapi({ pendingMs: 2, runMs: 5 });
      try {
        const out = `${dir}/dwave`;
        const run = await finish(cli(
          cluster,
          ["run", dwave, "--executor", "slurm", "--out", out, "--cache-dir", `${dir}/dwave-cache`],
          {
            DWAVE_API_TOKEN: mock.token,
            DWAVE_API_ENDPOINT: mock.url,
            DWAVE_METADATA_API_ENDPOINT: mock.metadataUrl,
          },
        ));
        assert.strictEqual(run.code, 0, run.stderr);
        const summary = await readJson<RunSummary>(`${out}/summary.json`);
        assert.strictEqual(summary.cells[0].sampler, "dwave-hybrid");
        assert.strictEqual(summary.cells[0].problems, mock.stats.submissions);
        assert.ok(mock.stats.submissions >= 10, `${mock.stats.submissions} problems`);
        // The problem journal is in the shared cache, where every task finds it.
        assert.ok((await Deno.stat(`${dir}/dwave-cache/dwave-problems`)).isDirectory);
        for await (const path of walkFiles(out)) {
          assert.ok(!(await Deno.readTextFile(path)).includes(mock.token), `token in ${path}`);
        }
      } finally {
        await mock.close();
      }
    });
  } finally {
    await cluster.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
