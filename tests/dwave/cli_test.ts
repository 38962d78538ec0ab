import { deepStrictEqual as assertEquals, ok as assert } from "node:assert";
import { Command } from "commander";
import { registerDwaveCommand } from "../../cli/dwave.ts";
import { qpuSolverDescription } from "../../samplers/dwave/mock/solvers.ts";
import { planDwave } from "../../samplers/dwave/plan.ts";
import { zephyrTopology } from "../../samplers/dwave/topology.ts";
import { hybridSolverDescription } from "../../samplers/dwave/mock/solvers.ts";

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerDwaveCommand(program, { out: (l) => lines.push(l), env: {} });
  await program.parseAsync(["deno", "cli", ...args]);
  return lines;
}

Deno.test("planDwave: fit, chain length and expected time on a Zephyr QPU and the hybrid solver", () => {
  const qpu = qpuSolverDescription("Z3", zephyrTopology(3), 0, 1);
  const fits = planDwave(40, 780, qpu);
  assertEquals([fits.fits, fits.chainLength, fits.largestClique], [true, 5, 40]);
  // Advantage2 timing: 100 reads x (20 us anneal + ~170 us readout at ~200 qubits + 60.6 us
  // delay) + 33.6 ms programming + 1 ms thermalization = about 60 ms.
  assert(
    fits.expectedSeconds! > 0.055 && fits.expectedSeconds! < 0.065,
    String(fits.expectedSeconds),
  );
  const tooBig = planDwave(41, 820, qpu);
  assertEquals(tooBig.fits, false);
  assert(tooBig.reason!.includes("the largest clique it admits has 40 variables"));
  const hybrid = planDwave(2000, 1999000, hybridSolverDescription());
  assertEquals([hybrid.fits, hybrid.kind], [true, "hybrid"]);
  assertEquals(Math.round(hybrid.expectedSeconds! * 1000), 5224); // SAPI.md 6.1 example
});

Deno.test("dwave solvers --offline and dwave plan print designed tables", async () => {
  const solvers = await run(["dwave", "solvers", "--offline"]);
  assertEquals(solvers[0].split(/\s+/), [
    "solver",
    "kind",
    "topology",
    "qubits",
    "couplers",
    "clique",
    "max",
    "vars",
    "status",
  ]);
  const prototype = solvers.find((l) => l.startsWith("Advantage2_prototype_mock"))!;
  assert(/zephyr 4x4\s+570\s+\d+\s+K\d+/.test(prototype), prototype);
  assert(solvers.some((l) => l.startsWith("hybrid_binary_quadratic_model_version2")));
  const plan = await run(["dwave", "plan", "-n", "30", "--offline"]);
  assertEquals(plan[0], "QUBO: 30 variables, 435 couplers");
  assert(
    /^Advantage2_prototype_mock\s+qpu\s+yes\s+\d+/.test(
      plan.find((l) => l.startsWith("Advantage2_prototype"))!,
    ),
  );
});

Deno.test("dwave solvers without a token says it shows the built-in list, not online solvers", async () => {
  const lines = await run(["dwave", "solvers"]);
  assertEquals(
    lines.at(-1),
    "built-in solver descriptions, not the solvers online now: no D-Wave token is configured " +
      "(set DWAVE_API_TOKEN or dwave.conf to list SAPI's solvers)",
  );
  const rows = lines.slice(2, -2);
  assert(rows.length > 0 && rows.every((l) => l.endsWith("  built-in")), rows.join("\n"));
  const offline = await run(["dwave", "solvers", "--offline"]);
  assertEquals(
    offline.at(-1),
    "built-in solver descriptions (--offline), not the solvers online now",
  );
});

Deno.test("dwave numeric flags are checked: one sentence naming the flag and the value", async () => {
  const messageOf = (args: string[]) =>
    run(args).then(() => "no error", (error: Error) => error.message);
  assertEquals(
    await messageOf(["dwave", "mock", "--port", "abc"]),
    'dwave mock: --port must be a whole number >= 0, got "abc".',
  );
  assertEquals(
    await messageOf(["dwave", "mock", "--port", "70000"]),
    'dwave mock: --port must be a port from 0 to 65535 (0: any free port), got "70000".',
  );
  assertEquals(
    await messageOf(["dwave", "mock", "--delay", "soon"]),
    'dwave mock: --delay must be a number of milliseconds >= 0, got "soon".',
  );
  assertEquals(
    await messageOf(["dwave", "plan", "-n", "10", "--couplers", "x", "--offline"]),
    'dwave plan: --couplers must be a whole number >= 0, got "x".',
  );
  assertEquals(
    await messageOf(["dwave", "plan", "-n", "ten", "--offline"]),
    'dwave plan: --variables must be a positive integer, got "ten".',
  );
});
