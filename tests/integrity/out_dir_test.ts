/**
 * Results are never overwritten or mixed (issue 14): the results directory is claimed
 * atomically and uniquely, a used --out is refused (or cleared on request), and a full disk
 * leaves no truncated or temporary file behind.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createResultsDir,
  removeIfUnused,
  writeFailure,
  writeResultFile,
  writeResultJson,
} from "../../lib/results/out_dir.ts";
import { listing, smallDisk } from "./helpers.ts";

async function thrown(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

const NOW = new Date("2026-12-01T08:54:04.123Z");

Deno.test("out dir: runs started in the same second get distinct directories", async () => {
  const root = await Deno.makeTempDir();
  const dirs = await Promise.all(
    Array.from({ length: 5 }, () => createResultsDir({ name: "digits", root, now: NOW })),
  );
  assert.deepEqual(dirs.toSorted(), [
    `${root}/digits-2026-12-01_08-54-04`,
    `${root}/digits-2026-12-01_08-54-04-2`,
    `${root}/digits-2026-12-01_08-54-04-3`,
    `${root}/digits-2026-12-01_08-54-04-4`,
    `${root}/digits-2026-12-01_08-54-04-5`,
  ]);
  for (const dir of dirs) assert.deepEqual(await listing(dir), ["cells/"]);
  // No staging directory is left beside them.
  assert.equal((await listing(root)).filter((p) => p.includes(".claim")).length, 0);
  await Deno.remove(root, { recursive: true });
});

Deno.test("out dir: --out is created, or claimed when empty; a used one is refused", async () => {
  const root = await Deno.makeTempDir();
  assert.equal(await createResultsDir({ name: "p", out: `${root}/new/deep` }), `${root}/new/deep`);
  await Deno.mkdir(`${root}/empty`);
  assert.equal(await createResultsDir({ name: "p", out: `${root}/empty` }), `${root}/empty`);
  assert.deepEqual(await listing(`${root}/empty`), ["cells/"]);
  // A run that fails before its first result gives the name back; one with results keeps it.
  await removeIfUnused(`${root}/empty`);
  assert.deepEqual(await listing(root), ["new/", "new/deep/", "new/deep/cells/"]);
  assert.equal(await createResultsDir({ name: "p", out: `${root}/empty` }), `${root}/empty`);
  await writeResultJson(`${root}/empty/summary.json`, { cells: [] });
  await removeIfUnused(`${root}/empty`);
  assert.deepEqual(await listing(`${root}/empty`), ["cells/", "summary.json"]);
  const error = await thrown(() => createResultsDir({ name: "p", out: `${root}/empty` }));
  assert.equal(error.name, "UserError");
  assert.equal(
    error.message,
    `Results directory ${root}/empty already holds cells, summary.json, so old and new results would mix; give another --out, or pass --clear to empty it first.`,
  );
  // --clear empties a directory of results only.
  assert.equal(
    await createResultsDir({ name: "p", out: `${root}/empty`, clear: true }),
    `${root}/empty`,
  );
  assert.deepEqual(await listing(`${root}/empty`), ["cells/"]);
  await Deno.writeTextFile(`${root}/empty/notes.txt`, "mine");
  assert.equal(
    (await thrown(() => createResultsDir({ name: "p", out: `${root}/empty`, clear: true })))
      .message,
    `Results directory ${root}/empty already holds cells, notes.txt, so old and new results would mix; give another --out (it holds files a run does not write, so --clear will not empty it).`,
  );
  assert.equal(await Deno.readTextFile(`${root}/empty/notes.txt`), "mine");
  await Deno.writeTextFile(`${root}/file`, "x");
  assert.equal(
    (await thrown(() => createResultsDir({ name: "p", out: `${root}/file` }))).message,
    `Results directory ${root}/file is a file, not a directory; give --out a directory.`,
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("out dir: two runs racing for one empty --out: exactly one gets it", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/out`);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 6 }, () => createResultsDir({ name: "p", out: `${root}/out` })),
  );
  assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
  for (const o of outcomes) {
    if (o.status === "rejected") {
      assert.match(o.reason.message, /already holds cells, so old and new results would mix/);
    }
  }
  assert.deepEqual(await listing(root), ["out/", "out/cells/"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("out dir: a write is all or nothing", async () => {
  const root = await Deno.makeTempDir();
  await writeResultFile(`${root}/a.bin`, new Uint8Array([1, 2, 3]));
  await writeResultJson(`${root}/b.json`, { x: NaN, y: 1 });
  assert.deepEqual(await listing(root), ["a.bin", "b.json"]);
  assert.equal(await Deno.readTextFile(`${root}/b.json`), '{\n  "x": null,\n  "y": 1\n}\n');
  const error = await thrown(() => writeResultFile(`${root}/missing/c.json`, "{}"));
  assert.match(error.message, new RegExp(`^Could not finish writing ${root}/missing/c\\.json \\(`));
  await Deno.remove(root, { recursive: true });
});

const disk = await smallDisk();

Deno.test({
  name: "out dir: a full disk leaves no truncated or .tmp file and says so",
  ignore: disk === undefined,
  fn: async () => {
    const dir = await createResultsDir({ name: "p", out: join(disk!, "run") });
    await writeResultFile(`${dir}/cells/small.json`, "{}\n");
    const error = await thrown(() =>
      writeResultFile(`${dir}/cells/big.qubo.f64`, new Uint8Array(200_000))
    );
    assert.equal(error.name, "UserError");
    assert.match(
      error.message,
      new RegExp(
        `^The disk is full while writing ${dir}/cells/big\\.qubo\\.f64 \\(.*\\); nothing half-written was left there: free some space and run again \\(the cache keeps what was computed\\)\\.$`,
      ),
    );
    assert.deepEqual(await listing(dir), ["cells/", "cells/small.json"]);
  },
});

Deno.test("out dir: a full disk is recognised by its error code (ENOSPC), not its wording", async () => {
  // /dev/full answers every write with ENOSPC, like a full disk.
  const fullDisk = await Deno.writeFile("/dev/full", new Uint8Array(8)).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(fullDisk !== undefined, "/dev/full accepted a write");
  assert.match(
    writeFailure("/r/x.json", fullDisk).message,
    /^The disk is full while writing \/r\/x\.json/,
  );
  // The same code with other words is still a full disk; other words without it are not.
  const reworded = Object.assign(new Error("quota exhausted"), { code: "EDQUOT" });
  assert.match(writeFailure("/r/x.json", reworded).message, /^The disk is full/);
  const other = new Error("No space left on device, says a message");
  assert.match(writeFailure("/r/x.json", other).message, /^Could not finish writing \/r\/x\.json/);
});
