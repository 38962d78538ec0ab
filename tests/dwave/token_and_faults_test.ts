/**
 * Issue 14, D-Wave's part: the token never leaks, even in errors (a token with a newline, custom
 * header values echoed by a server), and D-Wave faults end quickly and truly (a refused
 * connection fails at once naming the endpoint; a server that forgot a problem while it was
 * polled, as a restarted mock does, gets it resubmitted instead of a "check the solver name"
 * hint). Through the CLI, each asserts the message and the exit code.
 */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert";
import { fileURLToPath } from "node:url";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import { SapiClient } from "../../samplers/dwave/client.ts";
import { MemoryJournal } from "../../samplers/dwave/journal.ts";
import { mockOptions, plantedQubo, withMock } from "./helpers.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

/** Runs the CLI with only `env` (and PATH/HOME for deno); exit code, stdout and stderr. */
async function cli(args: string[], env: Record<string, string>) {
  const home = await Deno.makeTempDir({ prefix: "dwave-cli-" });
  try {
    const started = performance.now();
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", MAIN, ...args],
      env: { PATH: Deno.env.get("PATH") ?? "", HOME: home, DENO_DIR: denoDir(), ...env },
      clearEnv: true,
      cwd: home,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      // What the command left in its home and working directory (nothing, for these).
      left: (await Array.fromAsync(Deno.readDir(home))).map((e) => e.name),
      code: output.code,
      stdout: new TextDecoder().decode(output.stdout),
      stderr: new TextDecoder().decode(output.stderr),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

function denoDir(): string {
  return Deno.env.get("DENO_DIR") ??
    `${Deno.env.get("HOME") ?? ""}/${
      Deno.build.os === "darwin" ? "Library/Caches" : ".cache"
    }/deno`;
}

Deno.test("a token with a newline is refused by position, never printed (exit 1)", async () => {
  await withMock({}, async (mock) => {
    const secret = `${mock.token}\nSECRET-TAIL`;
    const run = await cli(["dwave", "solvers"], {
      DWAVE_API_TOKEN: secret,
      DWAVE_API_ENDPOINT: mock.url,
    });
    assertEquals([run.code, run.left], [1, []]);
    assertEquals(
      run.stderr,
      `error: The D-Wave API token (env DWAVE_API_TOKEN) contains a newline at position ${
        mock.token.length + 1
      } of ${secret.length}, which no HTTP header may hold; copy the token again from the Leap dashboard (API Token), without quotes or line breaks.\n`,
    );
    assert(!run.stdout.includes("SECRET") && !run.stderr.includes(mock.token));
    assertEquals(mock.requestLog, []); // refused before any request
  });
});

Deno.test("header values from DWAVE_API_HEADERS are checked and redacted like the token", async () => {
  const run = await cli(["dwave", "solvers"], {
    DWAVE_API_TOKEN: "DEV-0123456789abcdef",
    DWAVE_API_ENDPOINT: "http://127.0.0.1:9/sapi/",
    DWAVE_API_HEADERS: "X-Proxy-Key: p\x01ssw0rd-SECRET",
  });
  assertEquals([run.code, run.left], [1, []]);
  assertEquals(
    run.stderr,
    'error: D-Wave option "headers" (env DWAVE_API_HEADERS): the value of header "X-Proxy-Key" contains character U+0001 at position 2; put each header on its own "Name: value" line.\n',
  );
  // A server that echoes a header value (or the token) in its error has it redacted.
  await withMock({}, async (mock) => {
    const client = new SapiClient({
      endpoint: mock.url,
      token: "DEV-0123456789abcdef",
      headers: { "X-Proxy-Key": "proxy-SECRET-value" },
      maxRetries: 0,
      fetch: (_input, init) => {
        const h = new Headers(init?.headers);
        return Promise.resolve(
          new Response(
            JSON.stringify({
              error_code: 401,
              error_msg: `bad ${h.get("X-Auth-Token")} via ${h.get("X-Proxy-Key")}`,
            }),
            { status: 401 },
          ),
        );
      },
    });
    await rejects(client.listSolvers(), {
      message:
        'D-Wave rejected the API token while trying to list solvers (SAPI said: bad <token> via <header value>); set a valid token in DWAVE_API_TOKEN or the "token" key of dwave.conf (Leap dashboard, API Token).',
    });
  });
});

Deno.test("a refused connection fails at once, naming the endpoint (exit 1)", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const endpoint = `http://127.0.0.1:${port}/sapi/v2/`;
  const run = await cli(["dwave", "solvers"], {
    DWAVE_API_TOKEN: "DEV-0123456789abcdef",
    DWAVE_API_ENDPOINT: endpoint,
  });
  assertEquals([run.code, run.left], [1, []]);
  assertEquals(
    run.stderr,
    `error: Could not connect to D-Wave at ${endpoint} to list solvers: the connection was refused; check the endpoint (DWAVE_API_ENDPOINT or "endpoint" in dwave.conf) or region, and that the server is running.\n`,
  );
  // Seconds of process start-up, not the 10 retries (4 minutes) of before.
  assert(run.seconds < 30, `took ${run.seconds} s`);
});

Deno.test("a problem the server forgot while it was polled (a restarted mock) is resubmitted once", async () => {
  await withMock({ runMs: 200 }, async (mock) => {
    const lines: string[] = [];
    const journal = new MemoryJournal();
    const { qubo } = plantedQubo(8, 3);
    // The restart: the first problem and its upload vanish as soon as it is accepted.
    let forgotten = false;
    const restart: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!forgotten && mock.problems.size === 1) {
        forgotten = true;
        mock.forget();
      }
      return response;
    };
    const set = await createDwaveSampler("dwave-hybrid", {
      ...mockOptions(mock, lines, { journal }),
      fetch: restart,
    }).sample(qubo, {});
    assertEquals(mock.stats.submissions, 2);
    assertEquals([...mock.problems.keys()], set.info.problemIds);
    assert(
      lines.some((l) =>
        /^D-Wave: D-Wave at .* no longer knows the problem while trying to fetch problem [0-9a-f-]{36} \(SAPI said: Problem does not exist or apitoken does not have access\); it was deleted, expired or the server was reset: run again to resubmit it; submitting it again$/
          .test(l)
      ),
      lines.join("\n"),
    );
    assert(!lines.some((l) => l.includes("check the solver name")));
    assertEquals([...journal.entries.values()].map((e) => e.problemId), set.info.problemIds);
  });
});
