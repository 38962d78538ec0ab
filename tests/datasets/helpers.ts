/**
 * Shared test helpers for the data layer: a private cache environment per test (so the
 * verification records never touch the user's ~/.cache) and generated fixtures.
 */
import type { DatasetEnv } from "../../lib/datasets/locations.ts";
import { type Fixtures, writeAllFixtures } from "../fixtures/all_fixtures.ts";

const created: string[] = [];
// Temporary directories are removed when the test module ends.
globalThis.addEventListener("unload", () => {
  for (const dir of created) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // already gone
    }
  }
});

async function makeTemp(prefix: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  created.push(dir);
  return dir;
}

/** A temporary directory and an env whose cache (and default data dir) lie inside it. */
export async function tempEnv(): Promise<{ dir: string; env: DatasetEnv }> {
  const dir = await makeTemp("qubo-cnn-datasets-");
  return { dir, env: { XDG_CACHE_HOME: `${dir}/cache`, HOME: `${dir}/home` } };
}

/** Fixtures written once per test module into a temporary directory. */
let fixtures: Promise<Fixtures> | undefined;
export function sharedFixtures(): Promise<Fixtures> {
  fixtures ??= makeTemp("qubo-cnn-fixtures-").then(writeAllFixtures);
  return fixtures;
}

/** Runs `fn` and returns the error it throws (failing when it does not throw). */
export async function thrown(fn: () => unknown): Promise<Error & { details?: string[] }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { details?: string[] };
  }
  throw new Error("expected an error, but none was thrown");
}

/** sha256 hex of a file (what a fixture's checksum override holds). */
export async function sha256Of(path: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  return createHash("sha256").update(await Deno.readFile(path)).digest("hex");
}
