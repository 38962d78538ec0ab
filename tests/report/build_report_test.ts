/** buildReport end to end on the sample run: what it writes, what the page holds, its errors. */
import assert from "node:assert/strict";
import { isUserError } from "../../lib/errors.ts";
import { buildReport } from "../../lib/report/build_report.ts";
import { cellSlug } from "../../lib/results/types.ts";
import { makeResults } from "../fixtures/results/make_results.ts";

async function withResults(
  fn: (dir: string) => Promise<void>,
  options?: Parameters<typeof makeResults>[1],
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "report_build_" });
  try {
    await makeResults(dir, options);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) out.push(...await listFiles(`${dir}/${e.name}`, `${prefix}${e.name}/`));
    else out.push(prefix + e.name);
  }
  return out.sort();
}

async function rejectsWith(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isUserError(error), `not a UserError: ${error}`);
    assert.equal((error as Error).message, message);
    return true;
  });
}

Deno.test("buildReport writes figures/*.svg and index.html and nothing else", async () => {
  await withResults(async (dir) => {
    const before = await listFiles(dir);
    const events: number[] = [];
    const { files } = await buildReport(dir, { onProgress: (e) => events.push(e.done) });
    const after = await listFiles(dir);
    const added = after.filter((f) => !before.includes(f));
    assert.deepStrictEqual(added.sort(), files.map((f) => f.slice(dir.length + 1)).sort());
    assert.ok(
      added.every((f) => f === "index.html" || /^figures\/[\w.-]+\.svg$/.test(f)),
      `${added}`,
    );
    assert.equal(files[files.length - 1], `${dir}/index.html`);
    assert.deepStrictEqual(events, files.map((_, i) => i + 1));
    // Rebuilding from the same results gives the same bytes: nothing is recomputed or random.
    const first = await Deno.readTextFile(`${dir}/index.html`);
    const firstFigure = await Deno.readTextFile(files[0]);
    await buildReport(dir);
    assert.equal(await Deno.readTextFile(`${dir}/index.html`), first);
    assert.equal(await Deno.readTextFile(files[0]), firstFigure);
  });
});

Deno.test("the page is self-contained, links every figure and summarises the run", async () => {
  await withResults(async (dir) => {
    const { files } = await buildReport(dir);
    const html = await Deno.readTextFile(`${dir}/index.html`);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    for (const f of files.filter((f) => f.endsWith(".svg"))) {
      assert.ok(html.includes(`src="figures/${f.split("/").pop()}"`), f);
    }
    assert.ok(!/https?:\/\//.test(html), "no URL of any server in the page");
    assert.ok(html.includes("Content-Security-Policy") && html.includes("default-src 'none'"));
    assert.equal(
      [...html.matchAll(/<tr><td data-value="[^"]+">[^<]+\/seed=/g)].length,
      summary.cells.length,
    );
    assert.ok(html.includes("<dd>digits-precision</dd>") && html.includes("2026-03-05 12:00 UTC"));
    assert.ok(html.includes("<h3>Cache</h3>") && html.includes(">4,200<"));
    assert.ok(html.includes("No cell of fashion-mnist kept a QUBO matrix: no heat map."));
    // Best digits cell by test accuracy, with its percentage.
    const digits = summary.cells.filter((c: { dataset: string }) => c.dataset === "digits");
    const best = Math.max(...digits.map((c: { testAccuracy: number }) => c.testAccuracy));
    assert.ok(html.includes(`data-value="${best}">${(best * 100).toFixed(1)}</td>`));
  });
});

Deno.test("a run without cache stats or cell records still gets a report, said plainly", async () => {
  await withResults(async (dir) => {
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    delete summary.cache;
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const id = "digits/seed=1/K=5/sa";
    await Deno.remove(`${dir}/cells/${cellSlug(id)}.json`);
    await buildReport(dir);
    const html = await Deno.readTextFile(`${dir}/index.html`);
    assert.ok(!html.includes("<h3>Cache</h3>"));
    assert.ok(
      html.includes(`Cell ${id} has no cells/${cellSlug(id)}.json: it appears in the tables only.`),
    );
  }, { fashion: false });
});

Deno.test("bad results directories give one clear UserError sentence", async () => {
  const empty = await Deno.makeTempDir({ prefix: "report_empty_" });
  try {
    await rejectsWith(
      buildReport(empty),
      `No summary.json in "${empty}": pass the results directory of a run ` +
        "(the folder holding summary.json, manifest.json and cells/).",
    );
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
  await withResults(async (dir) => {
    await Deno.writeTextFile(`${dir}/summary.json`, "{ not json");
    await assert.rejects(
      buildReport(dir),
      /^UserError: Run summary ".*summary.json" is not valid JSON/,
    );
  });
  await withResults(async (dir) => {
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    summary.cells[2].bits = "ten";
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    await rejectsWith(
      buildReport(dir),
      `Run summary "${dir}/summary.json" has an invalid field "cells.2.bits" ` +
        "(Invalid input: expected number, received string): it does not match " +
        "lib/results/types.ts; re-run the pipeline that wrote it.",
    );
  });
  await withResults(async (dir) => {
    const file = `${dir}/cells/${cellSlug("digits/seed=1/K=10/sa")}.qubo.f64`;
    await Deno.writeFile(file, new Uint8Array(80));
    await rejectsWith(
      buildReport(dir),
      `QUBO file "${file}" has 80 bytes, expected ${370 * 370 * 8} (n = 370, Float64): ` +
        "re-run the pipeline to rewrite it.",
    );
  }, { fashion: false });
  await withResults(async (dir) => {
    await rejectsWith(
      buildReport(dir, { weightClass: 10 }),
      "Weight class 10 is out of range for digits (10 classes): choose a class index from 0 to 9.",
    );
  }, { fashion: false, qubo: false });
});
