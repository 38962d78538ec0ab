/**
 * Runs as objects, on two real small runs made through the CLI (a tiny digits pipeline, the
 * second with a command-line override): the manifest records name, tags, overrides and
 * provenance; `runs` lists them, `compare` finds what differs, `export` writes their rows.
 */
import assert from "node:assert/strict";
import { Command } from "commander";
import { main } from "../../cli/main.ts";
import { registerRunsCommand } from "../../cli/runs.ts";
import { sha256Hex } from "../../lib/cache/canonical.ts";
import { isUserError } from "../../lib/errors.ts";
import { compareRuns, formatComparison } from "../../lib/experiments/compare.ts";
import { EXPORT_COLUMNS, exportRows, toCsv, toJsonLines } from "../../lib/experiments/export.ts";
import { listRuns, resolveRun } from "../../lib/experiments/runs.ts";
import { runsTable } from "../../lib/experiments/runs_table.ts";
import type { RunSummary } from "../../lib/results/types.ts";

const YAML = `
name: tiny
dataset: { name: digits, trainPerClass: 30, testPerClass: 15 }
features: { filters: 2, kernel: 3, pool: 2, seed: [1, 2] }
training: { bits: 5, iterations: 3, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 100, seed: 3 } }
baselines:
  sgd: { epochs: 5, learningRate: 0.1, batchSize: 32, seed: 0 }
  exact: { maxIterations: 200, tolerance: 1.0e-8 }
report: false
`;

/** Runs the CLI with console.log silenced; returns the exit code. */
async function cli(args: string[]): Promise<{ code: number; errors: string[] }> {
  const log = console.log;
  const error = console.error;
  const errors: string[] = [];
  console.log = () => {};
  console.error = (line: string) => errors.push(line);
  try {
    return { code: await main(args), errors };
  } finally {
    console.log = log;
    console.error = error;
  }
}

async function git(args: string[]): Promise<string> {
  const root = new URL("../../", import.meta.url).pathname;
  const { stdout } = await new Deno.Command("git", { args: ["-C", root, ...args], stdout: "piped" })
    .output();
  return new TextDecoder().decode(stdout).trim();
}

const dir = await Deno.makeTempDir({ prefix: "experiments_runs_" });
// The two runs are shared by every test below; they go when the test module ends.
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const file = `${dir}/tiny.yaml`;
await Deno.writeTextFile(file, YAML);
const results = `${dir}/results`;
const common = ["--cache-dir", `${dir}/cache`, "--jobs", "1", "--no-report"];
const first = await cli(["run", file, "--out", `${results}/base`, "--name", "base", ...common]);
const second = await cli([
  "run",
  file,
  "sampler.params.numSweeps=30",
  "--out",
  `${results}/short`,
  "--name",
  "short",
  "--tag",
  "sweeps",
  "--tag",
  "smoke,sweeps",
  ...common,
]);

Deno.test({
  name: "two runs through the CLI record name, tags, overrides and provenance",
  async fn() {
    assert.deepStrictEqual(
      [first.code, second.code],
      [0, 0],
      [...first.errors, ...second.errors].join("\n"),
    );
    const manifest = JSON.parse(await Deno.readTextFile(`${results}/short/manifest.json`));
    assert.equal(manifest.name, "short");
    assert.deepStrictEqual(manifest.tags, ["sweeps", "smoke"]);
    assert.deepStrictEqual(manifest.overrides, ["sampler.params.numSweeps=30"]);
    assert.deepStrictEqual(
      manifest.cells.map((c: { sampler: unknown }) => c.sampler),
      [1, 2].map(() => ({ name: "sa", params: { numReads: 1, numSweeps: 30, seed: 3 } })),
    );
    const p = manifest.provenance;
    assert.equal(p.git.commit, await git(["rev-parse", "HEAD"]));
    const changed = (await git(["status", "--porcelain", "--untracked-files=no"])).split("\n")
      .filter(Boolean).length;
    assert.equal(p.git.dirty, changed > 0);
    const lock = await Deno.readFile(new URL("../../deno.lock", import.meta.url));
    assert.equal(p.denoLockSha256, await sha256Hex(lock));
    assert.equal(p.deno, Deno.version.deno);
    assert.equal(p.v8, Deno.version.v8);
    assert.equal(p.machine.cores, navigator.hardwareConcurrency);
    assert.equal(p.machine.memoryBytes, Deno.systemMemoryInfo().total);
    const base = JSON.parse(await Deno.readTextFile(`${results}/base/manifest.json`));
    assert.equal(base.overrides, undefined, "no overrides, none recorded");
  },
});

Deno.test("runs lists both, newest first, and filters by tag", async () => {
  const { runs, skipped } = await listRuns(results);
  assert.deepStrictEqual(runs.map((r) => r.name), ["short", "base"]);
  assert.deepStrictEqual(skipped, []);
  const summary: RunSummary = JSON.parse(await Deno.readTextFile(`${results}/base/summary.json`));
  const base = runs[1];
  const tests = summary.cells.map((c) => c.testAccuracy);
  assert.equal(base.cells, 2);
  assert.equal(base.bestTest, Math.max(...tests));
  assert.equal(base.meanTest, (tests[0] + tests[1]) / 2);
  assert.equal(base.pipeline, "tiny");
  const table = runsTable(runs, skipped);
  const line = table.split("\n").find((l) => l.startsWith("base "))!;
  assert.ok(line.includes(` ${(100 * base.bestTest).toFixed(1)} `), line);
  assert.ok(line.includes(base.commit!.slice(0, 8)), line);
  // The command with --tag and --json: only the tagged run, as one JSON line.
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerRunsCommand(program, { out: (t) => lines.push(t) });
  await program.parseAsync(["runs", "--results", results, "--tag", "smoke", "--json"], {
    from: "user",
  });
  assert.equal(lines.length, 1);
  const row = JSON.parse(lines[0]);
  assert.deepStrictEqual([row.name, row.tags, row.overrides], [
    "short",
    ["sweeps", "smoke"],
    ["sampler.params.numSweeps=30"],
  ]);
  // Narrow terminals drop columns by priority, and say which.
  const narrow = runsTable(runs, skipped, 50);
  assert.ok(narrow.split("\n").every((l) => l.length <= 50), narrow);
  assert.ok(
    narrow.replace(/\n/g, " ").includes("(not shown, to fit 50 columns: tags, duration, commit"),
    narrow,
  );
});

Deno.test("compare names the parameter that differs and pairs the shared cells", async () => {
  const runs = [await resolveRun("base", results), await resolveRun(`${results}/short`)];
  const c = compareRuns(runs);
  assert.deepStrictEqual(c.differing.map((d) => [d.name, d.values]), [
    ["overrides", ["(none)", "sampler.params.numSweeps=30"]],
    ["sampler.params.numSweeps", ["100", "30"]],
  ]);
  assert.deepStrictEqual(c.shared.map((s) => [s.id, s.sameFeatures]), [
    ["digits/seed=1/K=5/sa", true],
    ["digits/seed=2/K=5/sa", true],
  ]);
  const [a, b] = runs.map((r) => r.summary.cells.map((x) => x.testAccuracy));
  const expected = ((b[0] - a[0]) + (b[1] - a[1])) / 2;
  assert.ok(Math.abs(c.meanSharedDelta[0] - expected) < 1e-12);
  const text = formatComparison(c, 80);
  assert.ok(text.split("\n").every((l) => l.length <= 80), text);
  assert.ok(
    text.includes(
      `mean over those cells: ${expected >= 0 ? "+" : ""}${(100 * expected).toFixed(1)} pts.`,
    ),
  );
  await assert.rejects(resolveRun("shrot", results), (e: unknown) => {
    assert.ok(isUserError(e));
    assert.equal(
      (e as Error).message,
      `"shrot" is neither a results directory nor the name of a run under ${results}/; ` +
        'did you mean "short"?',
    );
    return true;
  });
});

Deno.test("export writes every cell and baseline, with the baselines of the same features", async () => {
  const run = await resolveRun("short", results);
  const rows = exportRows(run, run.name);
  const csv = toCsv(rows).trimEnd().split("\n");
  assert.equal(csv[0], EXPORT_COLUMNS.join(","));
  assert.equal(csv.length - 1, run.summary.cells.length + run.summary.baselines.length);
  const column = (name: string) => EXPORT_COLUMNS.indexOf(name as never);
  for (const [i, cell] of run.summary.cells.entries()) {
    const fields = csv[i + 1].split(",");
    assert.equal(fields[column("id")], cell.id);
    assert.equal(Number(fields[column("testAccuracy")]), cell.testAccuracy);
    const optimum = run.summary.baselines.find((b) =>
      b.method === "exact" && b.seed === cell.seed
    )!;
    assert.equal(Number(fields[column("optimumTestAccuracy")]), optimum.testAccuracy);
    assert.equal(fields[column("method")], "");
  }
  const baselineLine = csv.find((l) => l.includes(",baseline,digits/seed=2/optimum,"))!;
  assert.ok(baselineLine, csv.join("\n"));
  const jsonl = toJsonLines(rows).trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(jsonl.length, rows.length);
  assert.deepStrictEqual(Object.keys(jsonl[0]), [...EXPORT_COLUMNS]);
  assert.equal(jsonl[0].solver, null);
  // Quoting: a field with a comma or quote survives.
  const odd = toCsv([{ ...rows[0], id: 'a,"b"' }]).split("\n")[1];
  assert.ok(odd.startsWith(`short,cell,"a,""b""",`), odd);
});

Deno.test("run --out into a folder holding a run refuses, and --clear replaces it", async () => {
  const again = await cli(["run", file, "--out", `${results}/base`, ...common]);
  assert.equal(again.code, 1);
  assert.deepStrictEqual(again.errors, [
    `error: Results directory ${results}/base already holds cells, manifest.json, summary.json, ` +
    "so old and new results would mix; give another --out, or pass --clear to empty it first.",
  ]);
  const cleared = await cli(["run", file, "--out", `${results}/base`, "--clear", ...common]);
  assert.equal(cleared.code, 0, cleared.errors.join("\n"));
  // An interrupted run's folder (cells written, no summary.json) is never mixed into either:
  // it is refused, and --clear empties it (the cache keeps everything it computed).
  await Deno.mkdir(`${dir}/partial/cells`, { recursive: true });
  await Deno.writeTextFile(`${dir}/partial/cells/stale.json`, "{}");
  const refused = await cli(["run", file, "--out", `${dir}/partial`, ...common]);
  assert.equal(refused.code, 1);
  const resumed = await cli(["run", file, "--out", `${dir}/partial`, "--clear", ...common]);
  assert.equal(resumed.code, 0, resumed.errors.join("\n"));
  assert.ok((await Deno.stat(`${dir}/partial/summary.json`)).isFile);
  await assert.rejects(Deno.stat(`${dir}/partial/cells/stale.json`), Deno.errors.NotFound);
  const bad = await cli(["run", file, "training.bitz=5", ...common]);
  assert.deepStrictEqual(bad.errors, [
    "error: override 'training.bitz=5': unknown key 'bitz' in training; did you mean 'bits'? " +
    "Allowed: bits, policy, iterations, eta, etaSchedule, etaMin, etaShrink, etaGrow, ridge, " +
    "trustScale, minHalfWidth, fixedRadius, patience, tolerance, coldPrecision",
  ]);
});
