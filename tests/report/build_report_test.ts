/** buildReport end to end on the sample run: what it writes, what the page holds, its errors. */
import assert from "node:assert/strict";
import { isUserError } from "../../lib/errors.ts";
import { buildReport } from "../../lib/report/build_report.ts";
import { svgDataUri } from "../../lib/report/page.ts";
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

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
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

Deno.test("the page is self-contained, inlines every figure and summarises the run", async () => {
  await withResults(async (dir) => {
    const { files } = await buildReport(dir);
    const html = await Deno.readTextFile(`${dir}/index.html`);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    for (const f of files.filter((f) => f.endsWith(".svg"))) {
      // The figure's own bytes, inlined, beside the name of its copy in figures/.
      const uri = svgDataUri(await Deno.readTextFile(f));
      assert.ok(
        html.includes(`<img src="${uri}" data-file="figures/${f.split("/").pop()}"`),
        f,
      );
    }
    assert.ok(!html.includes('src="figures/'), "nothing refers to a file beside the page");
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
    // The two "exact" things are named apart.
    assert.ok(html.includes("optimum = the exact-optimum baseline"));
    assert.ok(!html.includes("vs exact"));
  });
});

Deno.test("the detail cell is the median one by default, --cell picks another", async () => {
  await withResults(async (dir) => {
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    const sorted = [...summary.cells].sort((a, b) => a.testAccuracy - b.testAccuracy);
    const median = sorted[Math.floor((sorted.length - 1) / 2)].id;
    const { files } = await buildReport(dir);
    const confusion = files.filter((f) => f.includes("/confusion_"));
    assert.deepStrictEqual(confusion, [`${dir}/figures/confusion_${cellSlug(median)}.svg`]);
    const html = await Deno.readTextFile(`${dir}/index.html`);
    assert.ok(html.includes(`(${median}: median test accuracy; choose another with --cell)`));

    const other = "digits/seed=3/K=20/sa";
    const picked = await buildReport(dir, { cell: other });
    assert.ok(picked.files.includes(`${dir}/figures/confusion_${cellSlug(other)}.svg`));
    // The earlier report's figures of the median cell are gone: one report per folder.
    const names = [...Deno.readDirSync(`${dir}/figures`)].map((e) => e.name);
    assert.ok(!names.includes(`confusion_${cellSlug(median)}.svg`), names.join(" "));
    assert.equal(names.length, picked.files.length - 1);

    await rejectsWith(
      buildReport(dir, { cell: "digits/seed=3/K=21/sa" }),
      `--cell "digits/seed=3/K=21/sa" is not a cell of ${dir}; did you mean "digits/seed=3/K=20/sa"?`,
    );
  }, { fashion: false, qubo: false });
});

Deno.test("--out into a used folder refuses, or with clear replaces only a report", async () => {
  await withResults(async (dir) => {
    const out = `${dir}/elsewhere`;
    await buildReport(dir, { out });
    assert.ok((await Deno.stat(`${out}/index.html`)).isFile);
    await rejectsWith(
      buildReport(dir, { out }),
      `--out "${out}" already holds an earlier report (figures, index.html): choose a new ` +
        "folder, or add --clear to delete those files first.",
    );
    await Deno.writeTextFile(`${out}/figures/stale.svg`, "<svg/>");
    await buildReport(dir, { out, clear: true });
    assert.ok(!(await exists(`${out}/figures/stale.svg`)));
    await Deno.writeTextFile(`${out}/notes.txt`, "mine");
    await rejectsWith(
      buildReport(dir, { out, clear: true }),
      `--out "${out}" already holds files that report did not write (notes.txt): ` +
        "choose an empty or new folder.",
    );
    assert.equal(await Deno.readTextFile(`${out}/notes.txt`), "mine");
  }, { fashion: false, qubo: false });
});

Deno.test("a D-Wave cell shows solver, problems, QPU time and chain breaks, and no beta ramp", async () => {
  await withResults(async (dir) => {
    const id = "digits/seed=1/K=5/dwave-qpu";
    const { files } = await buildReport(dir, { cell: id });
    const html = await Deno.readTextFile(`${dir}/index.html`);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    const cell = summary.cells.find((c: { id: string }) => c.id === id);
    assert.ok(html.includes('<table id="dwave-table">'));
    assert.ok(
      html.includes(
        `<tr><td data-value="${id}">${id}</td><td data-value="Advantage_system4.1">` +
          `Advantage_system4.1</td><td class="num" data-value="20">20</td>` +
          `<td class="num" data-value="${cell.qpuAccessSeconds}">${
            cell.qpuAccessSeconds.toFixed(4)
          }</td><td class="num" data-value="${cell.chainBreakFraction}">${
            cell.chainBreakFraction.toFixed(3)
          }</td></tr>`,
      ),
    );
    const remote = files.find((f) => f.includes("/remote_solves_"))!;
    const svg = await Deno.readTextFile(remote);
    assert.ok(svg.includes("D-Wave solves (Advantage_system4.1)"));
    assert.ok(svg.includes("1 problem(s) resumed from the journal"));
    assert.equal([...svg.matchAll(/<rect x="[\d.]+" width=/g)].length, 20, "a bar per problem");
    const anneal = await Deno.readTextFile(files.find((f) => f.includes("/anneal_energies_"))!);
    assert.ok(anneal.includes("D-Wave solver: no \u03b2 schedule"));
    assert.ok(!anneal.includes("dashed geometric ramp") && !anneal.includes("\u03b2 0."));
  }, { fashion: false, qubo: false, dwave: true });
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
        "the results format (lib/results/); re-run the pipeline that wrote it.",
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
