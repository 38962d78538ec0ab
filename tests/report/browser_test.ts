/**
 * The digits precision sweep's report opens in real (headless) Chromium with every figure
 * loaded, no console errors and no network requests; a full-page screenshot is saved in the
 * test's temp dir.
 */
import assert from "node:assert/strict";
import { buildReport } from "../../lib/report/build_report.ts";
import { makeResults } from "../fixtures/results/make_results.ts";
import { launchChromium } from "./chromium.ts";

Deno.test("the report opens in headless Chromium with every figure and no errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report_browser_" });
  const browser = await launchChromium();
  try {
    await makeResults(dir);
    const { files } = await buildReport(dir);
    const figureCount = files.filter((f) => f.endsWith(".svg")).length;
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
    cdp.on("Runtime.consoleAPICalled", (p) => {
      if (p.type === "error" || p.type === "assert" || p.type === "warning") {
        errors.push(`console.${p.type}: ${JSON.stringify(p.args)}`);
      }
    });
    cdp.on("Runtime.exceptionThrown", (p) => errors.push(`exception: ${JSON.stringify(p)}`));
    cdp.on("Log.entryAdded", (p) => {
      const entry = p.entry as { level: string; text: string; url?: string };
      if (entry.level === "error" || entry.level === "warning") {
        errors.push(`log ${entry.level}: ${entry.text} ${entry.url ?? ""}`);
      }
    });
    cdp.on("Network.requestWillBeSent", (p) => {
      requests.push((p.request as { url: string }).url);
    });
    for (const domain of ["Runtime", "Log", "Page", "Network"]) {
      await cdp.send(`${domain}.enable`, {}, sessionId);
    }
    await cdp.send("Emulation.setDeviceMetricsOverride", {
      width: 1400,
      height: 900,
      deviceScaleFactor: 1,
      mobile: false,
    }, sessionId);
    const loaded = cdp.once("Page.loadEventFired", 20_000);
    const pageUrl = new URL(`file://${await Deno.realPath(dir)}/index.html`).href;
    await cdp.send("Page.navigate", { url: pageUrl }, sessionId);
    await loaded;

    const evaluate = async <T>(expression: string): Promise<T> => {
      const r = await cdp.send<{ result: { value: T } }>("Runtime.evaluate", {
        expression,
        returnByValue: true,
        awaitPromise: true,
      }, sessionId);
      return r.result.value;
    };
    const images = await evaluate<{ src: string; ok: boolean; width: number }[]>(
      `Promise.all([...document.images].map((img) => img.decode().then(() => true, () => false)
        .then((ok) => ({ src: img.getAttribute("src"), ok: ok && img.naturalWidth > 0,
          width: img.naturalWidth }))))`,
    );
    assert.equal(images.length, figureCount, "one <img> per figure file");
    assert.deepStrictEqual(images.filter((i) => !i.ok), [], "figures that did not load");
    assert.ok(images.every((i) => i.width >= 600), JSON.stringify(images.map((i) => i.width)));

    // The sweep table sorts in the browser: descending test accuracy puts the best first.
    const column = await evaluate<string[]>(`(() => {
      const buttons = [...document.querySelectorAll("#sweep-table th button")];
      const button = buttons.find((b) => b.textContent.startsWith("test acc"));
      button.click(); button.click();
      const index = buttons.indexOf(button);
      return [...document.querySelectorAll("#sweep-table tbody tr")]
        .map((row) => row.cells[index].getAttribute("data-value"));
    })()`);
    const values = column.map(Number);
    assert.equal(
      values.length,
      JSON.parse(await Deno.readTextFile(`${dir}/summary.json`)).cells.length,
    );
    assert.deepStrictEqual(values, [...values].sort((a, b) => b - a), "sorted descending");

    const { contentSize } = await cdp.send<{ contentSize: { height: number } }>(
      "Page.getLayoutMetrics",
      {},
      sessionId,
    );
    const shot = await cdp.send<{ data: string }>("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: 1400, height: Math.min(contentSize.height, 16000), scale: 1 },
    }, sessionId);
    const png = Uint8Array.from(atob(shot.data), (c) => c.charCodeAt(0));
    const shotPath = `${dir}/screenshot.png`;
    await Deno.writeFile(shotPath, png);
    const view = new DataView(png.buffer);
    assert.equal(view.getUint32(16), 1400, "screenshot width");
    assert.ok(view.getUint32(20) > 2000, `screenshot height ${view.getUint32(20)}`);
    assert.ok(png.length > 50_000, `screenshot is ${png.length} bytes`);

    assert.deepStrictEqual(errors, [], "console errors");
    const remote = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
    assert.deepStrictEqual(remote, [], "network requests");
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
});
