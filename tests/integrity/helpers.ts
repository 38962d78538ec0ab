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
