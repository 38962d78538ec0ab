/** Shared helpers of the integrity tests: the real CLI in a subprocess, and file listings. */

/** Deno's own cache, kept when a test moves XDG_CACHE_HOME (so nothing is compiled again). */
function denoDir(): string {
  const home = Deno.env.get("HOME") ?? ".";
  return Deno.env.get("DENO_DIR") ??
    `${Deno.env.get("XDG_CACHE_HOME") ?? `${home}/.cache`}/deno`;
}

/** Runs `deno run cli/main.ts ARGS` with `env` added; returns exit code, stdout and stderr. */
export async function cli(args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "cli/main.ts", ...args],
    env: { NO_COLOR: "1", DENO_DIR: denoDir(), ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** Every path under `dir` (directories end in /), relative and sorted; [] if it is absent. */
export async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string, prefix: string) => {
    for await (const entry of Deno.readDir(at)) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory) {
        out.push(`${rel}/`);
        await walk(`${at}/${entry.name}`, rel);
      } else out.push(rel);
    }
  };
  try {
    await walk(dir, "");
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out.sort();
}

/**
 * A 64 kB tmpfs to fill, where this machine lets us mount one (root in a container), unmounted
 * when the test module ends; undefined elsewhere (the full-disk tests are then ignored).
 */
export async function smallDisk(): Promise<string | undefined> {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-full-" });
  try {
    const { success } = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir],
      stdout: "null",
      stderr: "null",
    }).output();
    if (success) {
      globalThis.addEventListener("unload", () => {
        new Deno.Command("umount", { args: [dir] }).outputSync();
        Deno.removeSync(dir);
      });
      return dir;
    }
  } catch {
    // no mount command
  }
  await Deno.remove(dir);
  return undefined;
}
