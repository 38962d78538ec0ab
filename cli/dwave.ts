/**
 * `dwave solvers`: a table of the D-Wave solvers (from SAPI when a token is configured, else
 * the built-in realistic descriptions, or --offline) with qubits, couplers and the largest clique
 * this client can embed; `dwave plan -n N`: fit, chain length and expected time of an N-variable
 * dense QUBO on each solver; `dwave mock`: a loopback mock SAPI to try the D-Wave samplers by
 * hand. The lead wires registerDwaveCommand into cli/main.ts; errors are UserErrors.
 */
import { plainTable } from "../lib/table.ts";
import type { Command } from "commander";
import { cliqueEmbedderFor } from "../samplers/dwave/clique_embedding.ts";
import { builtinSolvers } from "../samplers/dwave/mock/solvers.ts";
import { startMockSapi } from "../samplers/dwave/mock/server.ts";
import { planDwave, solversForPlanning } from "../samplers/dwave/plan.ts";
import { isQpuSolver, type SolverDescription } from "../samplers/dwave/solvers.ts";
import { UserError } from "../lib/errors.ts";

/** Injectable output for tests. */
export interface DwaveCommandIo {
  readonly out?: (line: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * One row per solver: name, kind, topology, qubits, couplers, largest clique, status. Built-in
 * descriptions show "built-in" as their status: nobody asked SAPI whether they are online.
 */
export function solverRows(solvers: readonly SolverDescription[], builtin = false): string[] {
  const rows = solvers.map((s) => {
    const p = s.properties;
    const qpu = isQpuSolver(s);
    const clique = qpu ? cliqueEmbedderFor(s)?.capacity().largest : undefined;
    return [
      s.identity.name,
      qpu ? "qpu" : p.category ?? "?",
      p.topology ? `${p.topology.type} ${p.topology.shape.join("x")}` : "-",
      qpu ? String(p.qubits!.length) : "-",
      qpu ? String(p.couplers!.length) : "-",
      clique === undefined ? (qpu ? "?" : "-") : `K${clique}`,
      qpu ? "-" : String(p.maximum_number_of_variables ?? "-"),
      builtin ? "built-in" : (s.status ?? "ONLINE").toLowerCase(),
    ];
  });
  return plainTable(
    ["solver", "kind", "topology", "qubits", "couplers", "clique", "max vars", "status"],
    rows,
    [3, 4, 5, 6],
  );
}

/** A flag's value as a whole number >= min, or a UserError naming the flag and the value. */
function wholeNumber(command: string, flag: string, value: string, min: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UserError(`${command}: ${flag} must be a whole number >= ${min}, got "${value}".`);
  }
  return n;
}

async function loadSolvers(offline: boolean, env?: DwaveCommandIo["env"]) {
  if (offline) return { solvers: builtinSolvers(), source: "builtin" as const };
  return await solversForPlanning(env ? { env } : {});
}

/** Adds `dwave solvers`, `dwave plan` and `dwave mock` to `program`. */
export function registerDwaveCommand(program: Command, io: DwaveCommandIo = {}): Command {
  const out = io.out ?? ((line: string) => console.log(line));
  const dwave = program.command("dwave").description("D-Wave solvers, planning and a mock SAPI");
  dwave
    .command("solvers")
    .description("list D-Wave solvers with qubits, couplers and the largest embeddable clique")
    .option("--offline", "show the built-in solver descriptions without contacting D-Wave")
    .action(async (opts: { offline?: boolean }) => {
      const { solvers, source } = await loadSolvers(!!opts.offline, io.env);
      for (const line of solverRows(solvers, source !== "sapi")) out(line);
      out("");
      out(
        source === "sapi"
          ? "solvers from SAPI (token from DWAVE_API_TOKEN or dwave.conf)"
          : opts.offline
          ? "built-in solver descriptions (--offline), not the solvers online now"
          : "built-in solver descriptions, not the solvers online now: no D-Wave token is " +
            "configured (set DWAVE_API_TOKEN or dwave.conf to list SAPI's solvers)",
      );
    });
  dwave
    .command("plan")
    .description("show whether a dense QUBO of N variables fits each solver, without submitting")
    .requiredOption("-n, --variables <n>", "binary variables per QUBO, (d+1)K")
    .option("--couplers <m>", "couplers (default: dense, n(n-1)/2)")
    .option("--reads <r>", "QPU reads for the time estimate", "100")
    .option("--offline", "use the built-in solver descriptions")
    .action(
      async (opts: { variables: string; couplers?: string; reads: string; offline?: boolean }) => {
        const n = Number(opts.variables);
        const reads = Number(opts.reads);
        if (!Number.isInteger(n) || n < 1) {
          throw new UserError(
            `dwave plan: --variables must be a positive integer, got "${opts.variables}".`,
          );
        }
        if (!Number.isInteger(reads) || reads < 1) {
          throw new UserError(
            `dwave plan: --reads must be a positive integer, got "${opts.reads}".`,
          );
        }
        const m = opts.couplers === undefined
          ? (n * (n - 1)) / 2
          : wholeNumber("dwave plan", "--couplers", opts.couplers, 0);
        const { solvers } = await loadSolvers(!!opts.offline, io.env);
        const rows = solvers.map((s) => {
          const plan = planDwave(n, m, s, { numReads: reads });
          return [
            plan.solver,
            plan.kind,
            plan.fits ? "yes" : "no",
            plan.kind === "qpu" && plan.fits ? String(plan.chainLength) : "-",
            plan.physicalQubits === undefined ? "-" : String(plan.physicalQubits),
            plan.largestClique === undefined ? "-" : `K${plan.largestClique}`,
            plan.expectedSeconds === undefined ? "-" : `${plan.expectedSeconds.toFixed(3)} s`,
          ];
        });
        out(`QUBO: ${n} variables, ${m} couplers`);
        for (
          const line of plainTable(
            ["solver", "kind", "fits", "chain", "qubits", "clique", "expected time"],
            rows,
            [3, 4, 5, 6],
          )
        ) out(line);
      },
    );
  dwave
    .command("mock")
    .description(
      "start a loopback mock SAPI (Ctrl-C stops it) and print how to point samplers at it",
    )
    .option("--port <port>", "port on 127.0.0.1 (default: any free port)", "0")
    .option("--token <token>", "token the mock accepts (default: a random test token)")
    .option("--delay <ms>", "milliseconds a problem takes", "200")
    .action(async (opts: { port: string; token?: string; delay: string }) => {
      const delay = Number(opts.delay);
      if (opts.delay.trim() === "" || !Number.isFinite(delay) || delay < 0) {
        throw new UserError(
          `dwave mock: --delay must be a number of milliseconds >= 0, got "${opts.delay}".`,
        );
      }
      const port = wholeNumber("dwave mock", "--port", opts.port, 0);
      if (port > 65535) {
        throw new UserError(
          `dwave mock: --port must be a port from 0 to 65535 (0: any free port), got "${opts.port}".`,
        );
      }
      const mock = await startMockSapi({
        port,
        token: opts.token,
        pendingMs: delay / 2,
        runMs: delay / 2,
      });
      out(`mock SAPI listening on ${mock.url}`);
      out(`export DWAVE_API_ENDPOINT=${mock.url}`);
      out(`export DWAVE_API_TOKEN=${mock.token}`);
      out(`solvers: ${mock.solvers.map((s) => s.identity.name).join(", ")}`);
      out("press Ctrl-C to stop");
      await new Promise<void>((resolve) => {
        Deno.addSignalListener("SIGINT", () => resolve());
      });
      await mock.close();
    });
  return dwave;
}
