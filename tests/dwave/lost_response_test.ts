/**
 * Never paying twice: the mock accepts a submission (or combines an upload) and then loses the
 * answer (torn body, answer past the request timeout, connection reset). Exactly one problem
 * exists on the mock afterwards and the result equals an undisturbed run's; a 429 or 503 sent
 * before accepting is retried; a submission that was never accepted is sent again.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import type { Fault } from "../../samplers/dwave/mock/faults.ts";
import type { SampleSet } from "../../samplers/sampler.ts";
import { contentSeededSolve, mockOptions, plantedQubo, withMock } from "./helpers.ts";

const { qubo } = plantedQubo(10, 4);

/** One hybrid and one QPU sample on a fresh mock with `faults`; what the mock holds after. */
async function sampleWith(faults: Fault[]) {
  let out!: {
    sets: SampleSet[];
    problems: number;
    submissions: number;
    lines: string[];
    pending: number;
  };
  await withMock({ solve: contentSeededSolve(), faults }, async (mock) => {
    const lines: string[] = [];
    // A 1 s request timeout, so the "slow" answer (2 s) is lost.
    const options = mockOptions(mock, lines);
    const config = { ...options.config, requestTimeout: 1 };
    const hybrid = await createDwaveSampler("dwave-hybrid", { ...options, config }).sample(
      qubo,
      {},
    );
    const qpu = await createDwaveSampler("dwave-qpu", { ...options, config }).sample(qubo, {
      solver: "Advantage2_prototype_mock",
      numReads: 10,
    });
    out = {
      sets: [hybrid, qpu],
      problems: mock.problems.size,
      submissions: mock.stats.submissions,
      lines,
      pending: mock.faults.pending,
    };
  });
  return out;
}

const result = (set: SampleSet) => ({
  samples: Array.from(set.samples),
  energies: Array.from(set.energies),
});

const clean = await sampleWith([]);

for (
  const [name, kind] of [
    ["a torn body", "truncated"],
    ["an answer past the request timeout", "slow"],
    ["a connection reset after the request was handled", "reset"],
  ] as const
) {
  Deno.test(`a submission accepted and then lost (${name}) is adopted by its label, not paid twice`, async () => {
    const run = await sampleWith([
      { route: "submit", kind, times: 2 },
      { route: "combine", kind },
    ]);
    assertEquals(run.pending, 0);
    // One hybrid and one QPU problem, as undisturbed.
    assertEquals([run.problems, run.submissions], [2, 2]);
    assertEquals(run.sets.map(result), clean.sets.map(result));
    assertEquals(run.sets.map((s) => s.info.adopted), [true, true]);
    const adopted = run.lines.filter((l) => /: using it, not submitting again$/.test(l));
    assertEquals(adopted.length, 2, run.lines.join("\n"));
    assert(
      /^D-Wave: D-Wave's answer to the request to submit a problem was lost \(.+\); SAPI holds problem [0-9a-f-]{36} labelled "qubo-cnn:[0-9a-f-]{36}": using it, not submitting again$/
        .test(adopted[0]),
      adopted[0],
    );
  });
}

Deno.test("a 429 or 503 sent before accepting is retried; a submission never accepted is sent again", async () => {
  const run = await sampleWith([
    { route: "submit", kind: "429", retryAfter: 0 },
    { route: "submit", kind: "503" },
    { route: "submit", kind: "drop" },
  ]);
  assertEquals(run.pending, 0);
  assertEquals([run.problems, run.submissions], [2, 2]);
  assertEquals(run.sets.map(result), clean.sets.map(result));
  assert(
    run.lines.some((l) => /^D-Wave: submit a problem: HTTP 429; retry 1\/10 in 0\.00 s$/.test(l)),
  );
  assert(run.lines.some((l) => /^D-Wave: submit a problem: HTTP 503; retry 2\/10 in /.test(l)));
  assert(
    run.lines.some((l) =>
      /; SAPI holds no problem labelled "qubo-cnn:[0-9a-f-]{36}": submitting it again \(2\/3\)$/
        .test(l)
    ),
    run.lines.join("\n"),
  );
});
