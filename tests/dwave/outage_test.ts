/**
 * Polling outlasts a SAPI outage: 503s, 500s, resets and dropped connections while a problem is
 * polled, for more than 5 minutes of (virtual) time, end with the undisturbed answer; with a
 * polling_timeout the outage ends the run at that timeout instead, with the problem named.
 * The client's clock is virtual, so minutes of backoff pass in milliseconds.
 */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import type { MockSapi } from "../../samplers/dwave/mock/server.ts";
import { contentSeededSolve, mockOptions, plantedQubo, virtualClock, withMock } from "./helpers.ts";

const { qubo } = plantedQubo(10, 9);
const OUTAGE_MS = 6 * 60_000;

/** Every poll and problem fetch fails, in turns, until the clock passes `ms`. */
function outageUntil(mock: MockSapi, ms: number) {
  for (const kind of ["503", "500", "reset", "drop"] as const) {
    mock.faults.add({ route: "poll", kind, times: 100 }, { route: "problem", kind, times: 100 });
  }
  return virtualClock((now) => {
    if (now >= ms) mock.faults.clear("poll"), mock.faults.clear("problem");
  });
}

Deno.test("a polling outage of 6 minutes is survived with the undisturbed answer", async () => {
  await withMock({ solve: contentSeededSolve() }, async (mock) => {
    const clean = await createDwaveSampler("dwave-hybrid", mockOptions(mock)).sample(qubo, {});
    const lines: string[] = [];
    const options = mockOptions(mock, lines);
    let clock!: ReturnType<typeof outageUntil>;
    const sampler = createDwaveSampler("dwave-hybrid", {
      ...options,
      // Real backoff (0.5 s doubling to 60 s) on the virtual clock; the outage starts once the
      // problem is accepted.
      config: { requestTimeout: 5 },
      fetch: (input, init) => {
        if (!clock && mock.stats.submissions === 2) clock = outageUntil(mock, OUTAGE_MS);
        return fetch(input, init);
      },
      clock: {
        now: () => clock?.now() ?? 0,
        sleep: (ms, signal) => clock.sleep(ms, signal),
      },
    });
    const set = await sampler.sample(qubo, {});
    assertEquals(Array.from(set.samples), Array.from(clean.samples));
    assertEquals(Array.from(set.energies), Array.from(clean.energies));
    assertEquals(mock.stats.submissions, 2);
    assert(clock.elapsed() >= OUTAGE_MS, `outage lasted ${clock.elapsed()} ms`);
    const retries = lines.filter((l) => /^D-Wave: poll problem status: .*retry \d+ in /.test(l));
    // More retries than the 10 that used to end the run, capped at 60 s each.
    assert(retries.length > 10, lines.join("\n"));
    assert(retries.every((l) => Number(/ in (\d+\.\d\d) s/.exec(l)![1]) <= 60));
    assert(
      lines.some((l) =>
        /^D-Wave: poll problem status: HTTP 503; unreachable for [56] min \d+ s, retry \d+ in 60\.00 s \(polling continues until the problem finishes\)$/
          .test(l)
      ),
      lines.join("\n"),
    );
    assert(
      lines.some((l) => /^D-Wave: poll problem status: reachable again after 6 min \d+ s$/.test(l)),
    );
  });
});

Deno.test("with polling_timeout an outage ends the run at that timeout, naming the problem", async () => {
  // The problem runs for a minute of real time: it is still running when polling gives up.
  await withMock({ runMs: 60_000 }, async (mock) => {
    let clock!: ReturnType<typeof outageUntil>;
    const options = mockOptions(mock);
    const sampler = createDwaveSampler("dwave-hybrid", {
      ...options,
      config: { requestTimeout: 5, pollingTimeout: 120 },
      fetch: (input, init) => {
        if (!clock && mock.stats.submissions === 1) clock = outageUntil(mock, OUTAGE_MS);
        return fetch(input, init);
      },
      clock: { now: () => clock?.now() ?? 0, sleep: (ms, signal) => clock.sleep(ms, signal) },
    });
    await rejects(sampler.sample(qubo, {}), (e: Error) => {
      assert(
        /^D-Wave problem [0-9a-f-]{36} did not finish within polling_timeout 120 s and was cancelled; raise polling_timeout or try when the solver is less busy\.$/
          .test(e.message),
        e.message,
      );
      return true;
    });
    assert(clock.elapsed() < 120_000, `gave up at ${clock.elapsed()} ms`);
    assertEquals([...mock.problems.values()].map((p) => p.status), ["CANCELLED"]);
  });
});
