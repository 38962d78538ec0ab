/**
 * Pipeline files that are not what YAML pipelines should be (issue 14): aliases before their
 * anchor, alias bombs, UTF-16 and non-UTF-8 text are one sentence with a position, never an
 * internal error and never the file's bytes echoed back.
 */
import assert from "node:assert/strict";
import { loadPipeline, parsePipeline, pipelineText } from "../../lib/pipeline/load.ts";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

Deno.test("an alias before its anchor, or without one, names its position", () => {
  const before = thrown(() =>
    parsePipeline("dataset: *a\nfeatures: &a { filters: 2 }\n", "p.yaml")
  );
  assert.equal(before.name, "UserError");
  assert.equal(
    before.message,
    "p.yaml:1:10: YAML alias *a comes before its anchor &a; move the anchor above the alias",
  );
  assert.equal(
    thrown(() => parsePipeline("dataset: { name: digits }\ntraining: *t\n", "p.yaml")).message,
    "p.yaml:2:11: YAML alias *t has no anchor &t; define it (such as 'features: &t { ... }') or remove the alias",
  );
  // Honest aliases still work.
  const ok = parsePipeline(
    "features: { filters: &f 2, kernel: *f }\ndataset: { name: digits }\n",
    "ok.yaml",
  );
  assert.equal(ok.cells[0].features.kernel, 2);
});

Deno.test("a billion-laughs file is refused quickly with the alias's position", () => {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  lines.push("dataset: { name: digits }");
  const started = performance.now();
  const error = thrown(() => parsePipeline(lines.join("\n") + "\n", "laughs.yaml"));
  assert.ok(performance.now() - started < 2000, "refused within 2 s");
  assert.equal(
    error.message,
    'laughs.yaml:10:8: YAML alias *i expands to about 435,848,050 values, too many for a pipeline (aliases of aliases, a "billion laughs"); write the values out or nest fewer aliases',
  );
});

Deno.test("UTF-16 and non-UTF-8 pipeline files say so, with no dump of the bytes", async () => {
  const text = "dataset: { name: digits }\n";
  const le = new Uint8Array(2 + 2 * text.length);
  le.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) le[2 + 2 * i] = text.charCodeAt(i);
  const message =
    `pipeline file 'u16.yaml' is UTF-16 text; save it as UTF-8 (most editors: "Save with encoding" > UTF-8)`;
  assert.equal(thrown(() => pipelineText(le, "u16.yaml")).message, message);
  assert.equal(thrown(() => pipelineText(le.subarray(2), "u16.yaml")).message, message); // no BOM
  const latin1 = Uint8Array.from([...new TextEncoder().encode("name: caf"), 0xe9, 0x0a]);
  assert.equal(
    thrown(() => pipelineText(latin1, "l1.yaml")).message,
    "l1.yaml:1:10: the pipeline file is not UTF-8 text (an invalid byte here, perhaps Latin-1 or Windows-1252); save it as UTF-8",
  );
  // Through loadPipeline, the same sentence.
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/u16.yaml`, le);
  await assert.rejects(
    () => loadPipeline(`${dir}/u16.yaml`),
    (e: Error) =>
      e.name === "UserError" && e.message.startsWith(`pipeline file '${dir}/u16.yaml' is UTF-16`),
  );
  // A UTF-8 byte-order mark is fine.
  await Deno.writeFile(
    `${dir}/bom.yaml`,
    Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
  );
  assert.equal((await loadPipeline(`${dir}/bom.yaml`)).cells[0].dataset.name, "digits");
  await Deno.remove(dir, { recursive: true });
});
