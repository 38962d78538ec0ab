/** `report RUN RUN...` / `report FOLDER`: a cross-run report of several runs. */
import assert from "node:assert/strict";
import { Command } from "commander";
import { registerReportCommand } from "../../cli/report.ts";
import { isUserError } from "../../lib/errors.ts";
import type { RunSummary } from "../../lib/results/types.ts";
import { makeResults } from "../fixtures/results/make_results.ts";

async function twoRuns(root: string): Promise<RunSummary[]> {
  const first = await makeResults(`${root}/a`, { fashion: false, qubo: false });
  await makeResults(`${root}/b`, { fashion: false, qubo: false });
  // Run b: a later run with an override and every cell 1 point better.
  const summary: RunSummary = JSON.parse(await Deno.readTextFile(`${root}/b/summary.json`));
  const second = {
    ...summary,
    createdAt: "2026-03-06T12:00:00.000Z",
    cells: summary.cells.map((c) => ({ ...c, testAccuracy: c.testAccuracy + 0.01 })),
  };
  await Deno.writeTextFile(`${root}/b/summary.json`, JSON.stringify(second));
  const manifest = JSON.parse(await Deno.readTextFile(`${root}/b/manifest.json`));
  await Deno.writeTextFile(
    `${root}/b/manifest.json`,
    JSON.stringify({ ...manifest, name: "better", overrides: ["training.eta=0.25"] }),
  );
  return [first, second];
}

Deno.test("report FOLDER compares its runs: table, differing parameters, one series per run", async () => {
  const root = await Deno.makeTempDir({ prefix: "report_cross_" });
  try {
    const [first, second] = await twoRuns(root);
    const lines: string[] = [];
    const program = new Command().exitOverride();
    registerReportCommand(program, { out: (l) => lines.push(l) });
    await program.parseAsync(["report", root, "--out", `${root}/cross`], { from: "user" });
    assert.deepStrictEqual(lines, [`report of 2 runs: ${root}/cross/index.html (1 figures)`]);
    const html = await Deno.readTextFile(`${root}/cross/index.html`);
    // Oldest first: a, then b (named "better").
    assert.match(html, /<td data-value="1: a">1: a<\/td>[^]*<td data-value="2: better">/);
    assert.match(
      html,
      /<tr><td data-value="overrides">overrides<\/td><td data-value="\(none\)">\(none\)<\/td><td data-value="training.eta=0.25">/,
    );
    const best = (s: RunSummary) => Math.max(...s.cells.map((c) => c.testAccuracy));
    assert.ok(
      html.includes(`data-value="${best(first)}"`) && html.includes(`data-value="${best(second)}"`),
    );
    // Shared cells: the same ids in both, 1 point apart.
    const id = first.cells[0].id;
    assert.ok(html.includes(`<td data-value="${id}">${id}</td>`));
    assert.ok(html.includes("(+1.0)"));
    const svg = await Deno.readTextFile(`${root}/cross/figures/accuracy_vs_bits_runs_digits.svg`);
    assert.ok(svg.includes("1: a test") && svg.includes("2: better test"));
    assert.ok(svg.includes("exact optimum"), "same baselines in both runs: drawn once");
    assert.ok(html.includes('<img src="data:image/svg+xml;base64,'));
    await assert.rejects(
      program.parseAsync(["report", root, "--cell", id, "--out", `${root}/x`], { from: "user" }),
      (e: unknown) => {
        assert.ok(isUserError(e));
        assert.equal(
          (e as Error).message,
          "--cell applies to the report of one run: give one results directory with it.",
        );
        return true;
      },
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
