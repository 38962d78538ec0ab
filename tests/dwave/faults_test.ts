import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import { FileJournal, MemoryJournal } from "../../samplers/dwave/journal.ts";
import { bestSampleIndex, sampleBits } from "../../samplers/sampler.ts";
import { mockOptions, plantedQubo, withMock } from "./helpers.ts";

Deno.test("429s (with and without Retry-After), 500s, drops and torn bodies are retried to a correct result", async () => {
  await withMock({
    faults: [
      { route: "solvers", kind: "429", retryAfter: 0 },
      { route: "upload", kind: "500" },
      { route: "part", kind: "drop" },
      { route: "submit", kind: "429" },
      { route: "submit", kind: "drop" },
      { route: "poll", kind: "500", times: 2 },
      { route: "poll", kind: "503" },
      { route: "problem", kind: "truncated" },
    ],
  }, async (mock) => {
    const lines: string[] = [];
    const { qubo, planted } = plantedQubo(10, 5);
    const sampler = createDwaveSampler("dwave-hybrid", mockOptions(mock, lines));
    const set = await sampler.sample(qubo, {});
    assertEquals(Array.from(sampleBits(set, bestSampleIndex(set))), Array.from(planted));
    assertEquals(mock.faults.pending, 0);
    assertEquals(mock.stats.submissions, 1); // a dropped submission was not accepted twice
    assert(lines.length >= 8, lines.join("\n"));
    assert(lines.some((l) => /list solvers: HTTP 429; retry 1\/10 in 0.00 s/.test(l)));
  });
});

Deno.test("a problem cancelled on SAPI stops the run with a clear message, and a rerun resubmits", async () => {
  await withMock({ faults: [{ route: "submit", kind: "cancel" }] }, async (mock) => {
    const journal = new MemoryJournal();
    const options = { ...mockOptions(mock), journal };
    const { qubo } = plantedQubo(8, 2);
    await rejects(createDwaveSampler("dwave-hybrid", options).sample(qubo, {}), (e: Error) => {
      assert(
        /^D-Wave problem [0-9a-f-]+ was cancelled outside this run \(Leap dashboard or another client\); run again to resubmit it\.$/
          .test(e.message),
        e.message,
      );
      return true;
    });
    assertEquals(journal.entries.size, 0);
    const set = await createDwaveSampler("dwave-hybrid", options).sample(qubo, {});
    assertEquals(set.info.resumed, false);
    assertEquals(mock.stats.submissions, 2);
  });
});

Deno.test("a FAILED problem reports SAPI's message", async () => {
  await withMock({ faults: [{ route: "submit", kind: "fail" }] }, async (mock) => {
    await rejects(
      createDwaveSampler("dwave-qpu", mockOptions(mock)).sample(plantedQubo(4, 1).qubo, {
        solver: "Advantage2_prototype_mock",
      }),
      (e: Error) =>
        /failed: Solver failed to solve the problem \(injected\); check the sampler parameters and run again\.$/
          .test(e.message),
    );
  });
});

Deno.test("an interrupted run resumes its problems without resubmitting, and leaks no token", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dwave-journal-" });
  try {
    await withMock({}, async (mock) => {
      const lines: string[] = [];
      const journal = new FileJournal(dir);
      const base = mockOptions(mock, lines, { journal });
      const qubos = [plantedQubo(9, 11).qubo, plantedQubo(9, 12).qubo];
      // Run 1 solves the first QUBO, then loses the network (every request) once the second is
      // accepted, and stops at its polling timeout without being able to cancel it.
      const first = await createDwaveSampler("dwave-hybrid", base).sample(qubos[0], {});
      const down: typeof fetch = (input, init) =>
        mock.stats.submissions >= 2
          ? Promise.reject(new TypeError("fetch failed", { cause: new Error("connection reset") }))
          : fetch(input, init);
      const flaky = {
        ...base,
        fetch: down,
        config: { ...base.config, maxRetries: 2, pollingTimeout: 0.3 },
      };
      await rejects(createDwaveSampler("dwave-hybrid", flaky).sample(qubos[1], {}), (e: Error) => {
        assert(
          /^D-Wave problem [0-9a-f-]{36} did not finish within polling_timeout 0.3 s and could not be cancelled \(D-Wave unreachable\); run again to resume it\.$/
            .test(e.message),
          e.message,
        );
        assert(!e.message.includes(mock.token));
        return true;
      });
      assertEquals(mock.stats.submissions, 2);
      // Run 2, network back: both answers come from the journaled problems.
      const cleared = mockOptions(mock, lines, { journal: new FileJournal(dir) });
      const again = await Promise.all(
        qubos.map((q) => createDwaveSampler("dwave-hybrid", cleared).sample(q, {})),
      );
      assertEquals(mock.stats.submissions, 2);
      assertEquals(again.map((s) => s.info.resumed), [true, true]);
      assertEquals(again[0].info.problemIds, first.info.problemIds);
      assertEquals(Array.from(again[0].energies), Array.from(first.energies));
      // No token in logs, sample info, journal files or requests' URLs.
      const texts = [
        ...lines,
        JSON.stringify([first.info, again[0].info, again[1].info]),
        ...mock.requestLog,
      ];
      for await (const entry of Deno.readDir(dir)) {
        texts.push(await Deno.readTextFile(`${dir}/${entry.name}`));
      }
      assertEquals(texts.filter((t) => t.includes(mock.token)), []);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
