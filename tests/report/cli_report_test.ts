import assert from "node:assert/strict";
import { Command } from "commander";
import { registerReportCommand } from "../../cli/report.ts";
import { isUserError } from "../../lib/errors.ts";
import { makeResults } from "../fixtures/results/make_results.ts";

function program(lines: string[]): Command {
  const p = new Command().exitOverride();
  registerReportCommand(p, { out: (line) => lines.push(line) });
  return p;
}

Deno.test("report DIR rebuilds the report and says where it is", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report_cli_" });
  try {
    await makeResults(dir, { fashion: false });
    const lines: string[] = [];
    await program(lines).parseAsync(["report", dir, "--weight-class", "3"], { from: "user" });
    assert.deepStrictEqual(lines, [`report: ${dir}/index.html (6 figures)`]);
    const weights = [...Deno.readDirSync(`${dir}/figures`)].find((e) =>
      e.name.startsWith("weight_maps_")
    )!;
    assert.ok(
      Deno.readTextFileSync(`${dir}/figures/${weights.name}`).includes("class \u201c3\u201d"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report DIR without summary.json and a bad --weight-class are UserErrors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report_cli_empty_" });
  try {
    await assert.rejects(
      program([]).parseAsync(["report", dir], { from: "user" }),
      (e: unknown) => {
        assert.ok(isUserError(e));
        assert.equal(
          (e as Error).message,
          `No summary.json in "${dir}": pass the results directory of a run ` +
            "(the folder holding summary.json, manifest.json and cells/), or a folder of runs.",
        );
        return true;
      },
    );
    await assert.rejects(
      program([]).parseAsync(["report", dir, "--weight-class", "x"], { from: "user" }),
      (e: unknown) => {
        assert.ok(isUserError(e));
        assert.equal(
          (e as Error).message,
          '--weight-class "x" is not a class index: give a whole number such as 0.',
        );
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
