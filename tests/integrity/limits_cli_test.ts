/**
 * `plan` and `run` refuse unbounded work before doing any (issue 14): exit 1, one sentence with
 * the numbers, and no results or cache directory created.
 */
import assert from "node:assert/strict";
import { cli, listing } from "./helpers.ts";

async function pipeline(dir: string, body: string): Promise<string> {
  const file = `${dir}/p.yaml`;
  await Deno.writeTextFile(file, `${body}\ncacheDir: ${dir}/cache\nreport: false\n`);
  return file;
}

for (
  const [what, body, message] of [
    [
      "a 10^6-cell grid",
      `dataset: { name: digits }\nfeatures: { seed: [${
        Array.from({ length: 1000 }, (_, i) => i).join(",")
      }], filters: [${Array.from({ length: 1000 }, (_, i) => i + 1).join(",")}] }`,
      /^error: .*p\.yaml expands to up to 1,000,000 cells, more than the limit of 10,000; sweep fewer values, or raise the limit with QUBO_CNN_MAX_CELLS=1000000 if you mean it\.$/m,
    ],
    [
      "kernel 9 on 8x8 images",
      "dataset: { name: digits }\nfeatures: { kernel: 9 }",
      /^error: .*p\.yaml: cell digits\/seed=1\/K=10\/sa has no features \(d = 0\): kernel 9 does not fit the 8x8 images of digits; use a kernel of at most 8\.$/m,
    ],
    [
      "filters: 100000000",
      "dataset: { name: digits }\nfeatures: { filters: 100000000 }",
      /^error: .*p\.yaml: cell .* needs about [0-9.]+e\+\d+ B of memory \(d = 900,000,000, class QUBO n = 9,000,000,010 with 4\.1e\+19 couplers, 1,797 images\), more than this machine's [0-9.]+ GB; use fewer filters, more pooling, fewer bits or fewer images\.$/m,
    ],
  ] as const
) {
  Deno.test(`plan and run refuse ${what} up front`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-limits-" });
    try {
      const file = await pipeline(dir, body);
      for (const args of [["plan", file], ["run", file, "--out", `${dir}/out`]]) {
        const result = await cli(args, { XDG_CACHE_HOME: `${dir}/xdg` });
        assert.equal(result.code, 1, `${args[0]}: ${result.stderr}`);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
      }
      assert.deepEqual(await listing(dir), ["p.yaml"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
