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

Deno.test("a missing pipeline file is one clear sentence, no stack trace", async () => {
  const { code, stderr } = await cli("run", "pipelines/nope.yaml");
  assert.strictEqual(code, 1);
  assert.match(stderr, /^error: .*pipelines\/nope\.yaml/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

Deno.test("a misspelt key names the line, column and the likely intended key", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/bad.yaml`,
    "dataset: { name: digits }\nfeatures:\n  filtrs: 4\n",
  );
  const { code, stderr } = await cli("plan", `${dir}/bad.yaml`);
  assert.strictEqual(code, 1);
  assert.match(stderr, /bad\.yaml:3:3/);
  assert.match(stderr, /did you mean 'filters'/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--jobs must be a positive integer", async () => {
  const { code, stderr } = await cli("run", "pipelines/digits.yaml", "--jobs", "zero");
  assert.strictEqual(code, 1);
  assert.match(stderr, /--jobs must be a positive integer, got "zero"/);
});

Deno.test("why with no previous run says how to name one", async () => {
  const dir = await Deno.makeTempDir();
  const { code, stderr } = await cli("why", "digits/seed=1/K=10/sa", "--results", dir);
  assert.strictEqual(code, 1);
  assert.match(
    stderr,
    /^error: no finished run under .* has a cell "digits\/seed=1\/K=10\/sa": name its pipeline with --pipeline FILE\./,
  );
  assert.doesNotMatch(stderr, /\n\s+at /);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--cpus-per-task must be a whole number, and plan prints only the error", async () => {
  const { code, stdout, stderr } = await cli(
    "plan",
    "pipelines/digits.yaml",
    "--executor",
    "slurm",
    "--cpus-per-task",
    "abc",
  );
  assert.strictEqual(code, 1);
  assert.strictEqual(stderr, 'error: --cpus-per-task must be a whole number >= 1, got "abc".\n');
  assert.strictEqual(stdout, "");
});

Deno.test("--save-qubos with the Slurm executor is refused, not silently dropped", async () => {
  const { code, stderr } = await cli(
    "run",
    "pipelines/digits.yaml",
    "--executor",
    "slurm",
    "--save-qubos",
  );
  assert.strictEqual(code, 1);
  assert.strictEqual(
    stderr,
    "error: --save-qubos applies to local runs; with --executor slurm the sample QUBOs stay in " +
      "the shared cache (each cell record names its key).\n",
  );
});
