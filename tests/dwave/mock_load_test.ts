/**
 * The mock stays responsive under load and stops at once: while it anneals a large QPU problem
 * (its default sparse solve yields between reads) it answers other requests, and close() (what
 * Ctrl-C on `dwave mock` does) returns without waiting for the solve to finish.
 */
import { ok as assert } from "node:assert";
import { startMockSapi } from "../../samplers/dwave/mock/server.ts";
import { couplerKey, encodeQpProblem } from "../../samplers/dwave/qp_format.ts";

Deno.test("the busy mock answers requests and closes at once", async () => {
  const mock = await startMockSapi({ pendingMs: 0, runMs: 0 });
  const headers = { "X-Auth-Token": mock.token };
  const qpu = mock.solvers.find((s) => s.identity.name === "Advantage2_prototype_mock")!;
  const j = new Map<number, number>();
  qpu.properties.couplers!.forEach(([a, b], i) => j.set(couplerKey(a, b), Math.sin(i)));
  const response = await fetch(new URL("problems/", mock.url), {
    method: "POST",
    headers,
    body: JSON.stringify([{
      solver: { name: qpu.identity.name, version: qpu.identity.version },
      type: "ising",
      data: encodeQpProblem({ h: new Map(), j }, qpu.properties.qubits!, qpu.properties.couplers!),
      // Seconds of annealing on this machine, far more than the checks below take.
      params: { num_reads: 5000 },
    }]),
  });
  const [{ id }] = await response.json();
  let slowest = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const list = await fetch(new URL("solvers/remote/", mock.url), { headers });
    await list.body?.cancel();
    const status = await (await fetch(new URL(`problems/${id}/?timeout=0`, mock.url), { headers }))
      .json();
    slowest = Math.max(slowest, performance.now() - started);
    assert(status.status !== "COMPLETED", "the solve must still be running");
  }
  // A request gets through between two reads (milliseconds each), not after all 5000.
  assert(slowest < 500, `slowest answer while busy: ${slowest.toFixed(0)} ms`);
  const closing = performance.now();
  await mock.close();
  const closed = performance.now() - closing;
  assert(closed < 1000, `close took ${closed.toFixed(0)} ms`);
});
