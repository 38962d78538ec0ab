/**
 * In headless Chromium: the report's headline numbers are those of summary.json compared seed
 * by seed (the same features), and an index.html copied alone, without its folder, still shows
 * every figure.
 */
import assert from "node:assert/strict";
import { buildReport } from "../../lib/report/build_report.ts";
import type { BaselineSummary, CellSummary, RunSummary } from "../../lib/results/types.ts";
import { makeResults } from "../fixtures/results/make_results.ts";
import { type Browser, launchChromium } from "./chromium.ts";

/** Opens `url` in a new tab; returns an evaluator and the errors and requests seen. */
async function open(browser: Browser, url: string) {
  const { cdp } = browser;
  const { targetId } = await cdp.send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await cdp.send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const errors: string[] = [];
  const requests: string[] = [];
  cdp.on("Runtime.exceptionThrown", (p) => errors.push(`exception: ${JSON.stringify(p)}`));
  cdp.on("Log.entryAdded", (p) => {
    const entry = p.entry as { level: string; text: string };
    if (entry.level === "error") errors.push(`log: ${entry.text}`);
  });
  cdp.on("Network.requestWillBeSent", (p) => requests.push((p.request as { url: string }).url));
  for (const domain of ["Runtime", "Log", "Page", "Network"]) {
    await cdp.send(`${domain}.enable`, {}, sessionId);
  }
  const loaded = cdp.once("Page.loadEventFired", 20_000);
  await cdp.send("Page.navigate", { url }, sessionId);
  await loaded;
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await cdp.send<{ result: { value: T } }>("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    }, sessionId);
    return r.result.value;
  };
  return { evaluate, errors, requests };
}

const IMAGES = `Promise.all([...document.images].map((img) => img.decode().then(() => true,
  () => false).then((ok) => ({ file: img.getAttribute("data-file"),
  ok: ok && img.naturalWidth > 0 }))))`;

/** Rows of a table as [data attribute of the row, data-value of every cell]. */
const rowsOf = (table: string, attribute: string) =>
  `[...document.querySelectorAll("#${table} tbody tr")].map((tr) => [
    tr.getAttribute("${attribute}"),
    [...tr.cells].map((td) => td.getAttribute("data-value"))])`;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

Deno.test("the headline is summary.json compared on the same seeds, and index.html travels alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report_headline_" });
  const elsewhere = await Deno.makeTempDir({ prefix: "report_copied_" });
  const browser = await launchChromium();
  try {
    await makeResults(dir, { fashion: false, qubo: false });
    // Drop seed 3's exact optimum: the comparison must then use seeds 1 and 2 only.
    const summary: RunSummary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    const baselines = summary.baselines.filter((b) => !(b.method === "exact" && b.seed === 3));
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify({ ...summary, baselines }));
    const { files } = await buildReport(dir);
    const figures = files.filter((f) => f.endsWith(".svg")).map((f) => f.slice(dir.length + 1));

    const page = await open(browser, new URL(`file://${await Deno.realPath(dir)}/index.html`).href);
    const headline = await page.evaluate<[string, string[]][]>(
      rowsOf("headline", "data-configuration"),
    );
    const optimumOf = (c: CellSummary) =>
      baselines.find((b: BaselineSummary) => b.method === "exact" && b.seed === c.seed);
    const bits = [5, 10, 15, 20];
    assert.deepStrictEqual(headline.map(([k]) => k), bits.map((k) => `digits/K=${k}/sa`));
    for (const [configuration, values] of headline) {
      const cells = summary.cells.filter((c) => c.id.replace(/\/seed=\d+/, "") === configuration);
      const paired = cells.filter(optimumOf);
      assert.deepStrictEqual(paired.map((c) => c.seed), [1, 2]);
      const expected = [
        "digits",
        configuration,
        3,
        mean(cells.map((c) => c.testAccuracy)),
        mean(paired.map((c) => optimumOf(c)!.testAccuracy)),
        mean(paired.map((c) => c.testAccuracy - optimumOf(c)!.testAccuracy)),
      ];
      const shown = values.slice(0, 6).map((v, i) => (i < 2 ? v : Number(v)));
      assert.deepStrictEqual(shown.slice(0, 3), expected.slice(0, 3));
      for (let i = 3; i < 6; i++) {
        assert.ok(
          Math.abs((shown[i] as number) - (expected[i] as number)) < 1e-12,
          `${configuration} column ${i}: ${shown[i]} vs ${expected[i]}`,
        );
      }
    }
    // The best cell is compared with the optimum of its own seed, never with a mean.
    const [[bestId, bestValues]] = await page.evaluate<[string, string[]][]>(
      rowsOf("best-cells", "data-cell"),
    );
    const best = [...summary.cells].sort((a, b) =>
      b.testAccuracy - a.testAccuracy || b.trainAccuracy - a.trainAccuracy ||
      a.id.localeCompare(b.id)
    )[0];
    assert.equal(bestId, best.id);
    const own = optimumOf(best);
    assert.deepStrictEqual(
      bestValues.slice(2),
      own
        ? [best.testAccuracy, own.testAccuracy, best.testAccuracy - own.testAccuracy].map(String)
        : [String(best.testAccuracy), "", ""],
    );
    assert.deepStrictEqual(page.errors, []);

    // index.html copied alone: every figure is inside it.
    await Deno.copyFile(`${dir}/index.html`, `${elsewhere}/index.html`);
    const copy = await open(
      browser,
      new URL(`file://${await Deno.realPath(elsewhere)}/index.html`).href,
    );
    const images = await copy.evaluate<{ file: string; ok: boolean }[]>(IMAGES);
    assert.deepStrictEqual(
      images.map((i) =>
        i.file
      ).sort(),
      figures.sort(),
    );
    assert.deepStrictEqual(images.filter((i) => !i.ok), [], "figures that did not load");
    assert.deepStrictEqual(copy.errors, []);
    const fetched = copy.requests.filter((u) => !u.startsWith("data:"));
    assert.deepStrictEqual(fetched, [
      new URL(`file://${await Deno.realPath(elsewhere)}/index.html`).href,
    ]);
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});
