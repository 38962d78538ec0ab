/**
 * Where a run's numbers came from, recorded in every manifest.json: the project's git commit and
 * whether the work tree had uncommitted changes, the hash of deno.lock (the exact npm
 * dependencies), the Deno/V8/TypeScript versions and the machine's cores and memory. Nothing here
 * enters a cache key: it explains a result, it does not decide reuse.
 */
import { sha256Hex } from "../cache/canonical.ts";
import type { GitProvenance, Provenance } from "./manifest.ts";

export type { GitProvenance, Provenance } from "./manifest.ts";

/** The project's root directory (where deno.json and deno.lock live). */
const PROJECT_ROOT = new URL("../../", import.meta.url);

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    const { success, stdout } = await new Deno.Command("git", {
      args: ["-C", root, ...args],
      stdout: "piped",
      stderr: "null",
    }).output();
    return success ? new TextDecoder().decode(stdout) : undefined;
  } catch {
    return undefined; // git not installed, or no permission to run it
  }
}

/** Commit and dirty flag of the checkout at `root`. */
export async function gitProvenance(root: string): Promise<GitProvenance> {
  const head = await git(root, ["rev-parse", "HEAD"]);
  if (head === undefined) {
    return { commit: null, dirty: null, unavailable: "not a git checkout, or git is missing" };
  }
  const status = await git(root, ["status", "--porcelain", "--untracked-files=no"]);
  const changed = status === undefined ? undefined : status.split("\n").filter(Boolean).length;
  return {
    commit: head.trim(),
    dirty: changed === undefined ? null : changed > 0,
    ...(changed === undefined ? {} : { changedFiles: changed }),
  };
}

async function fileSha256(path: string | URL): Promise<string | null> {
  try {
    return await sha256Hex(await Deno.readFile(path));
  } catch {
    return null;
  }
}

async function cpuModel(): Promise<string | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  try {
    const text = await Deno.readTextFile("/proc/cpuinfo");
    return /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

/** Collects the provenance of a run of the project at `root` (default: this checkout). */
export async function collectProvenance(root: string | URL = PROJECT_ROOT): Promise<Provenance> {
  const dir = root instanceof URL ? decodeURIComponent(root.pathname) : root;
  let memoryBytes = 0;
  try {
    memoryBytes = Deno.systemMemoryInfo().total;
  } catch {
    memoryBytes = 0; // not permitted: recorded as 0 rather than failing the run
  }
  const cpu = await cpuModel();
  return {
    git: await gitProvenance(dir),
    denoLockSha256: await fileSha256(`${dir.replace(/\/$/, "")}/deno.lock`),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    machine: {
      os: Deno.build.os,
      arch: Deno.build.arch,
      cores: navigator.hardwareConcurrency ?? 1,
      memoryBytes,
      ...(cpu ? { cpu } : {}),
    },
  };
}
