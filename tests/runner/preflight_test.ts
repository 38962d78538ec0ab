/**
 * `plan` and `run` refuse cells their sampler cannot run, before any work: the exact sampler's
 * size limit, bad parameters (seed "abc", seed -5, numSweeps 0, unknown names), a QPU problem
 * that embeds nowhere. Each is one sentence naming the cell; `run` writes no results folder.
 */
import { assert } from "../helpers/assert.ts";

async function cli(...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "cli/main.ts", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** A digits pipeline (d = 36 with these features) with the given sampler section. */
function pipeline(sampler: string, bits = 5): string {
  return [
    "name: preflight",
    "dataset: { name: digits }",
    "features: { filters: 4, kernel: 3, pool: 2, seed: 1 }",
    `training: { bits: ${bits}, iterations: 2 }`,
    `sampler: ${sampler}`,
    "baselines: { sgd: false, exact: false }",
    "report: false",
  ].join("\n");
}

const CASES: { label: string; sampler: string; bits?: number; message: string }[] = [
  {
    label: "exact sampler above its size limit",
    sampler: "{ name: exact }",
    message:
      'cell digits/seed=1/K=5/exact: sampler "exact" takes at most 24 variables, but its class QUBOs have n = (d+1)K = 37 x 5 = 185; use "sa" or fewer features or bits.',
  },
  {
    label: "a seed that is not a number",
    sampler: '{ name: sa, params: { seed: "abc" } }',
    message:
      'cell digits/seed=1/K=5/sa: Sampler "sa": parameter "seed" must be an integer from 0 to 4294967295, got "abc".',
  },
  {
    label: "a negative seed",
    sampler: "{ name: sa, params: { seed: -5 } }",
    message:
      'cell digits/seed=1/K=5/sa: Sampler "sa": parameter "seed" must be an integer from 0 to 4294967295, got -5.',
  },
  {
    label: "zero sweeps",
    sampler: "{ name: sa, params: { numSweeps: 0 } }",
    message:
      'cell digits/seed=1/K=5/sa: sampler "sa" parameter "numSweeps" must be at least 1 in a pipeline, got 0.',
  },
  {
    label: "an unknown parameter",
    sampler: "{ name: sa, params: { sweeps: 10 } }",
    message: 'cell digits/seed=1/K=5/sa: Sampler "sa" has no parameter "sweeps"; known parameters',
  },
  {
    label: "a QPU problem that embeds nowhere",
    sampler: "{ name: dwave-qpu }",
    bits: 20,
    message:
      "cell digits/seed=1/K=20/dwave-qpu: a class QUBO of n = 740 variables embeds on none of the known QPU solvers",
  },
];

for (const { label, sampler, bits, message } of CASES) {
  Deno.test(`plan and run refuse ${label} before any work`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = `${dir}/p.yaml`;
      await Deno.writeTextFile(file, pipeline(sampler, bits));
      const plan = await cli("plan", file, "--cache-dir", `${dir}/cache`);
      assert.strictEqual(plan.code, 1, plan.stderr);
      assert.ok(plan.stderr.includes(message), plan.stderr);
      assert.ok(plan.stderr.includes("problem found before any work"), plan.stderr);
      assert.doesNotMatch(plan.stderr, /\n\s+at /);

      const run = await cli("run", file, "--cache-dir", `${dir}/cache`, "--out", `${dir}/out`);
      assert.strictEqual(run.code, 1, run.stderr);
      assert.ok(run.stderr.includes(message), run.stderr);
      // Nothing was computed or written: no results folder, no cache entries.
      for (const path of [`${dir}/out`, `${dir}/cache`]) {
        const entries = await Array.fromAsync(Deno.readDir(path)).catch(() => []);
        assert.deepStrictEqual(entries, [], `${path} stays empty`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
