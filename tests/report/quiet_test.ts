/**
 * Building a report prints nothing: no jsdom/punycode deprecation warning, no library noise.
 * Runs in a fresh process, because such a warning is printed once per process.
 */
import assert from "node:assert/strict";
import { makeResults } from "../fixtures/results/make_results.ts";

Deno.test("building a report prints nothing on stdout or stderr", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report_quiet_" });
  try {
    await makeResults(dir, { fashion: false });
    const module = new URL("../../lib/report/build_report.ts", import.meta.url).href;
    const script = `import { buildReport } from ${JSON.stringify(module)};\n` +
      `const { files } = await buildReport(${JSON.stringify(dir)});\n` +
      `if (files.length !== 7) Deno.exit(3);\n`;
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", "--config", config, "-"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(script));
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
    assert.equal(text, "", "the report build printed something");
    assert.equal(code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
