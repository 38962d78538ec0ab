/**
 * The results files read back through their schemas (lib/results/): an older summary.json
 * (no format field, none of the later optional fields) still reads; a newer format, a foreign
 * or damaged file gives one UserError naming the file and the field.
 */
import { assert } from "../helpers/assert.ts";
import { isUserError } from "../../lib/errors.ts";
import { readResults, readRunFiles } from "../../lib/report/read_results.ts";
import { readManifest } from "../../lib/runner/why.ts";

/** A summary.json as the first results format wrote it: no format, no optional fields. */
const OLD_SUMMARY = {
  pipeline: "digits-old",
  cells: [{
    id: "digits/seed=1/K=5/sa",
    dataset: "digits",
    seed: 1,
    bits: 5,
    sampler: "sa",
    variables: 95,
    couplers: 4465,
    policy: "trust",
    trainAccuracy: 0.9,
    testAccuracy: null,
    solveQuality: 0.97,
    seconds: 1.5,
  }],
  baselines: [{
    dataset: "digits",
    seed: 1,
    method: "exact",
    trainAccuracy: 0.99,
    testAccuracy: 0.95,
  }],
};

async function withDir(files: Record<string, unknown>, body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "results_files_" });
  try {
    for (const [name, value] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(
        `${dir}/${name}`,
        typeof value === "string" ? value : JSON.stringify(value),
      );
    }
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function userError(promise: Promise<unknown>): Promise<{ message: string; code: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isUserError(error), `expected a UserError, got ${error}`);
    return { message: error.message, code: error.code };
  }
  throw new assert.AssertionError({ message: "expected a UserError" });
}

const invalid = (path: string, what: string, field: string, reason: string) => ({
  message: `${what} "${path}" has an invalid field "${field}" (${reason}): it does not match ` +
    "the results format (lib/results/); re-run the pipeline that wrote it.",
  code: "results",
});

Deno.test("an older summary.json without format or later fields still reads; null is NaN", async () => {
  await withDir({ "summary.json": OLD_SUMMARY }, async (dir) => {
    const { summary, manifest } = await readRunFiles(dir);
    assert.strictEqual(summary.format, undefined);
    assert.strictEqual(manifest, undefined);
    assert.strictEqual(summary.cells[0].couplers, 4465);
    assert.ok(Number.isNaN(summary.cells[0].testAccuracy));
    assert.deepStrictEqual(summary.baselines[0].cells, undefined);
    // No cell record: listed as missing, not an error.
    assert.deepStrictEqual((await readResults(dir)).missingRecords, ["digits/seed=1/K=5/sa"]);
  });
});

Deno.test("a summary.json of a newer format is refused, naming the file and field", async () => {
  await withDir({ "summary.json": { ...OLD_SUMMARY, format: 2 } }, async (dir) => {
    assert.deepStrictEqual(
      await userError(readRunFiles(dir)),
      invalid(
        `${dir}/summary.json`,
        "Run summary",
        "format",
        "written by a newer qubo-cnn (this one reads format 1); update qubo-cnn to read it",
      ),
    );
  });
});

Deno.test("a foreign summary.json names the field that does not fit", async () => {
  const foreign = {
    ...OLD_SUMMARY,
    cells: [{ ...OLD_SUMMARY.cells[0], policy: "greedy" }],
  };
  await withDir({ "summary.json": foreign }, async (dir) => {
    assert.deepStrictEqual(
      await userError(readRunFiles(dir)),
      invalid(
        `${dir}/summary.json`,
        "Run summary",
        "cells.0.policy",
        'Invalid option: expected one of "trust"|"fixed"',
      ),
    );
  });
});

Deno.test("a damaged manifest.json or cell record names its file and field", async () => {
  const manifest = { pipeline: "digits-old", cells: ["digits/seed=1/K=5/sa"] };
  await withDir({ "summary.json": OLD_SUMMARY, "manifest.json": manifest }, async (dir) => {
    const expected = invalid(
      `${dir}/manifest.json`,
      "Manifest",
      "cells.0",
      "Invalid input: expected object, received string",
    );
    assert.deepStrictEqual(await userError(readRunFiles(dir)), expected);
    assert.deepStrictEqual(await userError(readManifest(dir)), expected);
  });
  const record = { summary: OLD_SUMMARY.cells[0], classNames: ["0"] };
  await withDir({
    "summary.json": OLD_SUMMARY,
    "cells/digits_seed-1_K-5_sa.json": record,
  }, async (dir) => {
    assert.deepStrictEqual(
      await userError(readResults(dir)),
      invalid(
        `${dir}/cells/digits_seed-1_K-5_sa.json`,
        "Cell record",
        "featureGrid",
        "Invalid input: expected object, received undefined",
      ),
    );
  });
  await withDir({ "summary.json": OLD_SUMMARY, "manifest.json": "{ not json" }, async (dir) => {
    const { message, code } = await userError(readRunFiles(dir));
    assert.strictEqual(code, "results");
    assert.match(
      message,
      /^Manifest ".*\/manifest.json" is not valid JSON \(.*\): re-run the pipeline\.$/,
    );
  });
});
