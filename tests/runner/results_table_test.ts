/** The terminal results tables: fit the width by priority, D-Wave fields, honest names. */
import assert from "node:assert/strict";
import type { BaselineSummary, CellSummary } from "../../lib/results/types.ts";
import { cellTable, precisionTable } from "../../lib/runner/results_table.ts";
import { renderTable, wrapNote } from "../../lib/table.ts";

function cell(seed: number, sampler: string, test: number, extra: Partial<CellSummary> = {}) {
  return {
    id: `digits/seed=${seed}/K=5/${sampler}`,
    dataset: "digits",
    seed,
    bits: 5,
    sampler,
    variables: 185,
    couplers: 17020,
    policy: "trust",
    trainAccuracy: test + 0.01,
    testAccuracy: test,
    solveQuality: 0.9,
    seconds: 1.5,
    iterations: 30,
    ...extra,
  } as CellSummary;
}

const baselines: BaselineSummary[] = [1, 2].map((seed) => ({
  dataset: "digits",
  seed,
  method: "exact" as const,
  trainAccuracy: 0.99,
  testAccuracy: seed === 1 ? 0.95 : 0.93,
}));

Deno.test("a D-Wave cell shows solver, problems, QPU time and chain breaks", () => {
  const table = cellTable([
    cell(1, "sa", 0.9),
    cell(1, "dwave-qpu", 0.91, {
      solver: "Advantage_system4.1",
      problems: 300,
      qpuAccessSeconds: 4.5,
      chainBreakFraction: 0.0123,
    }),
  ]);
  const [head, , local, remote] = table.split("\n");
  assert.deepStrictEqual(head.split(/\s{2,}/).slice(-4), [
    "solver",
    "problems",
    "QPU s",
    "chain breaks",
  ]);
  assert.match(remote, /Advantage_system4\.1\s+300\s+4\.5000\s+0\.012$/);
  assert.match(local, /–\s+–\s+–\s+–$/);
  assert.ok(!cellTable([cell(1, "sa", 0.9)]).includes("solver"), "no D-Wave columns without one");
});

Deno.test("tables fit 80 columns: low-priority columns go first and are named", () => {
  const table = cellTable([cell(1, "sa", 0.9), cell(2, "sa", 0.92)], 80);
  const lines = table.split("\n");
  assert.ok(lines.every((l) => l.length <= 80), table);
  assert.match(lines[0], /^cell\s+test %\s+train %\s+quality\s+total s\s+n\s+iters\s+solve s$/);
  assert.equal(
    lines.slice(-2).join(" "),
    "(not shown, to fit 80 columns: eval s, gram s, features s, qubo s, couplers, vs SGD)",
  );
  // Too narrow even for the kept columns: the widest wraps at '/', nothing is lost.
  const narrow = renderTable(
    [{ header: "cell", priority: 0 }, { header: "test %", align: "right", priority: 0 }],
    [["digits/seed=1/K=20/dwave-qpu/numReads=100", "95.1"]],
    24,
  );
  assert.deepStrictEqual(narrow.split("\n"), [
    "cell              test %",
    "────────────────  ──────",
    "digits/seed=1/      95.1",
    "K=20/dwave-qpu/",
    "numReads=100",
  ]);
  assert.equal(wrapNote("one two three four", 9), "one two\nthree\nfour");
});

Deno.test("the mean-over-seeds table pairs each seed with its own optimum and names both exacts", () => {
  const cells = [
    cell(1, "sa", 0.94),
    cell(2, "sa", 0.9),
    cell(3, "sa", 0.8),
    cell(1, "exact", 0.95),
  ];
  const text = precisionTable(cells, baselines);
  const rows = text.split("\n");
  // sa: 3 seeds, mean 88.0; optimum on seeds 1 and 2 only: 94.0; gap mean(-1, -3) = -2.0.
  assert.match(rows[2], /^digits\/K=5\/sa\s+3\s+88\.0\s+94\.0\s+-2\.0\s/);
  assert.match(rows[3], /^digits\/K=5\/exact \(brute force\)\s+1\s+95\.0\s+95\.0\s+\+0\.0\s/);
  assert.ok(text.includes("Seeds without a baseline are left out of that baseline's Δ."));
  assert.ok(text.includes("optimum = the exact-optimum baseline"));
  assert.ok(!/\bexact %/.test(text));
});

Deno.test("training time over SGD's shows per cell and as a mean per configuration", () => {
  const cells = [
    cell(1, "sa", 0.9, { sgdTimeRatio: 4.24 }),
    cell(2, "sa", 0.92, { sgdTimeRatio: 5.76 }),
  ];
  const table = cellTable(cells);
  assert.match(table.split("\n")[0], /vs SGD/);
  assert.match(table, /digits\/seed=1\/K=5\/sa .* 4\.2x /);
  assert.match(table, /digits\/seed=2\/K=5\/sa .* 5\.8x /);
  const means = precisionTable(cells, baselines);
  assert.match(means.split("\n")[0], /time vs SGD$/);
  assert.match(means.split("\n")[2], / 5\.0x$/);
  assert.match(cellTable([cell(1, "sa", 0.9)]), /digits\/seed=1\/K=5\/sa .* – /);
});
