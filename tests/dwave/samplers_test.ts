import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import { bestSampleIndex, sampleBits } from "../../samplers/sampler.ts";
import { quboEnergy } from "../../lib/qubo.ts";
import { mockOptions, plantedQubo, withMock } from "./helpers.ts";

function bruteForceMin(qubo: ReturnType<typeof plantedQubo>["qubo"]): number {
  let best = Infinity;
  const bits = new Uint8Array(qubo.n);
  for (let code = 0; code < 1 << qubo.n; code++) {
    for (let i = 0; i < qubo.n; i++) bits[i] = (code >> i) & 1;
    best = Math.min(best, quboEnergy(qubo, bits));
  }
  return best;
}

Deno.test("dwave-hybrid uploads, submits by reference and finds the ground state", async () => {
  await withMock({}, async (mock) => {
    const { qubo } = plantedQubo(12, 3);
    const sampler = createDwaveSampler("dwave-hybrid", mockOptions(mock));
    const set = await sampler.sample(qubo, { label: "test class=0" });
    assertEquals(set.n, 12);
    const best = bestSampleIndex(set);
    assertEquals(set.energies[best], bruteForceMin(qubo));
    for (let r = 0; r < set.numReads; r++) {
      assertEquals(set.energies[r], quboEnergy(qubo, sampleBits(set, r)));
    }
    assertEquals(set.info.solver, "hybrid_binary_quadratic_model_version2");
    assertEquals(set.info.timeLimit, 3);
    assertEquals((set.info.problemIds as string[]).length, 1);
    const problem = mock.problems.get((set.info.problemIds as string[])[0])!;
    assertEquals(problem.params, { time_limit: 3 });
    // The user's label, made unique so a lost submission can be found again.
    assert(/^test class=0 qubo-cnn:[0-9a-f-]{36}$/.test(problem.label!), problem.label!);
    assertEquals(set.info.label, problem.label);
    assertEquals(mock.stats.uploads, 1);
    // The server's energies (offset included) agree with ours.
    assertEquals(set.info.serverEnergies, Array.from(set.energies));
  });
});

Deno.test("dwave-hybrid refuses a time limit under the solver minimum before uploading", async () => {
  await withMock({}, async (mock) => {
    const { qubo } = plantedQubo(6, 1);
    const sampler = createDwaveSampler("dwave-hybrid", mockOptions(mock));
    await rejects(sampler.sample(qubo, { timeLimit: 1 }), {
      message:
        'Sampler "dwave-hybrid": parameter "timeLimit" must be at least 3 s for 6 variables on solver "hybrid_binary_quadratic_model_version2", got 1.',
    });
    await rejects(sampler.sample(qubo, { timeLimt: 5 } as never), {
      message:
        'Sampler "dwave-hybrid" has no parameter "timeLimt"; known parameters are solver, timeLimit, label.',
    });
    assertEquals(mock.stats.uploads, 0);
  });
});

Deno.test("dwave-qpu embeds on the Zephyr prototype, unembeds and reports chains", async () => {
  await withMock({}, async (mock) => {
    const { qubo, planted } = plantedQubo(16, 7);
    const sampler = createDwaveSampler("dwave-qpu", mockOptions(mock));
    const set = await sampler.sample(qubo, {
      solver: "Advantage2_prototype_mock",
      numReads: 20,
    });
    assertEquals(set.numReads, 20);
    const best = bestSampleIndex(set);
    assertEquals(Array.from(sampleBits(set, best)), Array.from(planted));
    for (let r = 0; r < set.numReads; r++) {
      assertEquals(set.energies[r], quboEnergy(qubo, sampleBits(set, r)));
    }
    const info = set.info;
    assertEquals(info.solver, "Advantage2_prototype_mock");
    assert(
      typeof info.chainBreakFraction === "number" && info.chainBreakFraction >= 0 &&
        info.chainBreakFraction <= 1,
    );
    assert((info.maxChainLength as number) >= 2 && (info.maxChainLength as number) <= 6);
    assert((info.chainStrength as number) > 0);
    assert(info.timing.qpu_access! > 0);
    const problem = mock.problems.get((info.problemIds as string[])[0])!;
    assertEquals(problem.type, "ising");
    assertEquals(problem.params.auto_scale, false);
  });
});

Deno.test("dwave-qpu names the largest clique when a QUBO cannot be embedded", async () => {
  await withMock({}, async (mock) => {
    const { qubo } = plantedQubo(60, 2);
    const sampler = createDwaveSampler("dwave-qpu", mockOptions(mock));
    await rejects(sampler.sample(qubo, { solver: "Advantage2_prototype_mock" }), (error: Error) => {
      assert(
        /^A QUBO with 60 variables cannot be embedded on D-Wave solver "Advantage2_prototype_mock": the largest clique it admits has \d+ variables; use fewer bits or fewer features \(n = \(d\+1\)K\), or the dwave-hybrid sampler\.$/
          .test(error.message),
        error.message,
      );
      return true;
    });
    assertEquals(mock.stats.submissions, 0);
  });
});

Deno.test("a sampler needs no token until it samples, then says how to set one", async () => {
  const sampler = createDwaveSampler("dwave-hybrid", {
    env: {},
    configEnvironment: { readTextFile: () => undefined },
  });
  assertEquals(sampler.name, "dwave-hybrid");
  await rejects(sampler.sample(plantedQubo(3, 1).qubo, {}), {
    message:
      'No D-Wave API token is configured; set DWAVE_API_TOKEN or add "token = ..." to dwave.conf (copy it from the Leap dashboard), or use a local sampler.',
  });
});

Deno.test("a wrong token gets the 401 message and never appears in it", async () => {
  await withMock({}, async (mock) => {
    const options = mockOptions(mock);
    const sampler = createDwaveSampler("dwave-hybrid", {
      ...options,
      env: { DWAVE_API_TOKEN: "WRONG-secret-token-123", DWAVE_API_ENDPOINT: mock.url },
    });
    await rejects(sampler.sample(plantedQubo(3, 1).qubo, {}), (error: Error) => {
      assert(
        error.message.startsWith("D-Wave rejected the API token while trying to list solvers"),
      );
      assert(!error.message.includes("WRONG-secret-token-123"));
      return true;
    });
  });
});

Deno.test("aborting a run cancels its problem on SAPI", async () => {
  await withMock({ pendingMs: 2000, runMs: 2000 }, async (mock) => {
    const sampler = createDwaveSampler("dwave-hybrid", mockOptions(mock));
    const controller = new AbortController();
    const running = sampler.sample(plantedQubo(5, 1).qubo, {}, controller.signal);
    while (mock.problems.size === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error("stopped by the user"));
    await rejects(running, { message: "stopped by the user" });
    const [problem] = mock.problems.values();
    assertEquals(problem.status, "CANCELLED");
  });
});
