/**
 * Hybrid answers placed by their variable labels, Advantage2's coupling range per coupling
 * group (dwave-system's coupling_groups), and the journal's two resume cases handled in
 * journaled_run.ts: a problem journaled only by its label (the run stopped before SAPI's answer
 * came) is found on SAPI, and a journaled problem that was cancelled is submitted afresh.
 */
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert";
import { answerColumns } from "../../samplers/dwave/hybrid_sampler.ts";
import { embedIsing } from "../../samplers/dwave/embed_ising.ts";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import { MemoryJournal, problemKey } from "../../samplers/dwave/journal.ts";
import { couplerKey } from "../../samplers/dwave/qp_format.ts";
import { zephyrCouplingGroup, zephyrTopology } from "../../samplers/dwave/topology.ts";
import { uniqueLabel } from "../../samplers/dwave/journaled_run.ts";
import { mockOptions, plantedQubo, withMock } from "./helpers.ts";

Deno.test("hybrid answer columns go where their labels say; foreign labels are refused", () => {
  assertEquals(answerColumns([2, 0, 1], 3, "p"), [2, 0, 1]);
  const refused = (labels: (string | number)[]) =>
    `D-Wave answered problem p with variables ${
      JSON.stringify(labels)
    } that do not match the 3 variables 0..2 submitted; run again, and report it if it persists.`;
  for (const labels of [[0, 1], [0, 1, 1], [0, 1, 3], ["0", 1, 2], [0, 1, 2, 3]]) {
    throws(() => answerColumns(labels, 3, "p"), { message: refused(labels) });
  }
});

Deno.test("a hybrid answer in another column order gives the same samples", async () => {
  const { qubo, planted } = plantedQubo(9, 8);
  await withMock({}, async (mock) => {
    // Reverse the columns of every bq answer as dimod may: labels [8, 7, ..., 0].
    const reversing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!/\/problems\/[0-9a-f-]{36}\/$/.test(new URL(String(input)).pathname)) return response;
      const status = await response.json();
      const data = status.answer?.data;
      if (data?.variable_labels) {
        const n = data.variable_labels.length;
        const words: number[][] = data.sample_data.data;
        data.sample_data.data = words.map((row) => {
          const bits = Array.from({ length: n }, (_, v) => (row[v >> 5] >>> (v & 31)) & 1);
          const out = new Array(row.length).fill(0);
          bits.reverse().forEach((b, v) => out[v >> 5] = (out[v >> 5] | (b << (v & 31))) >>> 0);
          return out;
        });
        data.variable_labels = [...data.variable_labels].reverse();
      }
      return new Response(JSON.stringify(status), { headers: response.headers });
    };
    const set = await createDwaveSampler("dwave-hybrid", { ...mockOptions(mock), fetch: reversing })
      .sample(qubo, {});
    const best = set.energies.indexOf(Math.min(...set.energies));
    assertEquals(Array.from(set.samples.subarray(best * 9, best * 9 + 9)), Array.from(planted));
    assertEquals(set.info.serverEnergies, Array.from(set.energies));
  });
});

Deno.test("Zephyr coupling groups match dwave-system's (first group of qubit 0 on Z(12, 4))", () => {
  const z = zephyrTopology(12, 4);
  const neighbours = z.couplers.filter(([a, b]) => a === 0 || b === 0).map(([a, b]) => a + b);
  const group0 = neighbours.filter((p) => zephyrCouplingGroup(0, p, 12, 4) === 0).sort((a, b) =>
    a - b
  );
  // coupling_groups.py's docstring: [(1, 0), (12, 0), (2496, 0), (2520, 0), (2544, 0), (2568, 0)]
  assertEquals(group0, [1, 12, 2496, 2520, 2544, 2568]);
  // Every other coupler of qubit 0 is in its second group.
  assert(neighbours.length > group0.length);
});

Deno.test("the per-group coupling range scales no more than its groups need", () => {
  const z = zephyrTopology(2, 4);
  // Qubit 0 with one coupler in each of its two groups, both at -8: -8 per group (range
  // [-13, 10] needs no scaling), -16 per qubit (a per-qubit bound would have halved it).
  const [p0] = z.couplers.filter(([a, b]) => a === 0 || b === 0).map(([a, b]) => a + b)
    .filter((p) => zephyrCouplingGroup(0, p, 2, 4) === 0);
  const [p1] = z.couplers.filter(([a, b]) => a === 0 || b === 0).map(([a, b]) => a + b)
    .filter((p) => zephyrCouplingGroup(0, p, 2, 4) === 1);
  const props = {
    topology: { type: "zephyr", shape: [2, 4] },
    h_range: [-4, 4] as [number, number],
    j_range: [-1, 1] as [number, number],
    extended_j_range: [-8, 8] as [number, number],
    per_group_coupling_range: [-13, 10] as [number, number],
  };
  const model = { n: 3, h: new Float64Array(3), j: new Float64Array(9), offset: 0 };
  model.j[0 * 3 + 1] = model.j[1 * 3 + 0] = -8;
  model.j[0 * 3 + 2] = model.j[2 * 3 + 0] = -8;
  const couplers = [[0, p0], [0, p1]].map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  const embedded = embedIsing(model, [[0], [p0], [p1]], couplers, props, 1);
  assertEquals(embedded.scale, 1);
  assertEquals(embedded.physical.j.get(couplerKey(0, p0)), -8);
  const perQubit = embedIsing(model, [[0], [p0], [p1]], couplers, {
    ...props,
    per_group_coupling_range: undefined,
    per_qubit_coupling_range: [-13, 10] as [number, number],
  }, 1);
  assertEquals(perQubit.scale, 16 / 13);
});

Deno.test("a problem journaled only by its label is found on SAPI, not submitted again", async () => {
  await withMock({}, async (mock) => {
    const journal = new MemoryJournal();
    const options = mockOptions(mock, [], { journal });
    const { qubo } = plantedQubo(7, 5);
    const first = await createDwaveSampler("dwave-hybrid", options).sample(qubo, {});
    // As if the run had been killed after sending, before SAPI's answer: only the label is kept.
    const [[key, entry]] = [...journal.entries];
    journal.entries.set(key, { label: entry.label, solver: entry.solver, submittedAt: "x" });
    const lines: string[] = [];
    const again = await createDwaveSampler("dwave-hybrid", mockOptions(mock, lines, { journal }))
      .sample(qubo, {});
    assertEquals(mock.stats.submissions, 1);
    assertEquals([again.info.resumed, again.info.problemIds], [true, first.info.problemIds]);
    assertEquals(journal.entries.get(key)?.problemId, (first.info.problemIds as string[])[0]);
    assert(
      lines.some((l) =>
        /^D-Wave: found problem [0-9a-f-]{36} of the interrupted run by its label "qubo-cnn:[0-9a-f-]{36}": using it, not submitting again$/
          .test(l)
      ),
    );
    // A label SAPI never saw (the submission never left): submitted afresh.
    journal.entries.set(key, {
      label: uniqueLabel(undefined),
      solver: entry.solver,
      submittedAt: "x",
    });
    const fresh = await createDwaveSampler("dwave-hybrid", options).sample(qubo, {});
    assertEquals([mock.stats.submissions, fresh.info.resumed], [2, false]);
  });
});

Deno.test("a journaled problem that was cancelled is submitted afresh by journaled_run", async () => {
  await withMock({ runMs: 60_000 }, async (mock) => {
    const journal = new MemoryJournal();
    const lines: string[] = [];
    const { qubo } = plantedQubo(6, 2);
    // Run 1 is interrupted (Ctrl-C): its problem is cancelled, its journal entry stays.
    const controller = new AbortController();
    const sampler = createDwaveSampler("dwave-hybrid", mockOptions(mock, lines, { journal }));
    const stopped = sampler.sample(qubo, {}, controller.signal).catch((e) => e);
    while (mock.stats.submissions === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    assertEquals((await stopped).name, "AbortError");
    assertEquals([...mock.problems.values()].map((p) => p.status), ["CANCELLED"]);
    assertEquals(journal.entries.size, 1);
    const key = await problemKey(
      "dwave-hybrid",
      "hybrid_binary_quadratic_model_version2",
      { timeLimit: 3 },
      qubo,
    );
    assert(journal.entries.has(key));
    // Run 2: the cancelled problem is noticed and submitted again (and now answered quickly).
    mock.timing.runMs = 10;
    const set = await createDwaveSampler("dwave-hybrid", mockOptions(mock, lines, { journal }))
      .sample(qubo, {});
    assertEquals([mock.stats.submissions, set.info.resumed], [2, false]);
    assert(
      lines.some((l) =>
        /^D-Wave: journaled problem [0-9a-f-]{36} was cancelled; submitting it again$/.test(l)
      ),
      lines.join("\n"),
    );
  });
});

Deno.test("every upload request says Connection: close, as dwave-system's hybrid sampler", async () => {
  await withMock({}, async (mock) => {
    const seen: string[] = [];
    const recording: typeof fetch = (input, init) => {
      const path = new URL(String(input)).pathname;
      if (path.includes("/bqm/multipart")) {
        seen.push(
          `${path.replace(/[0-9a-f-]{36}/, "ID")} ${new Headers(init?.headers).get("Connection")}`,
        );
      }
      return fetch(input, init);
    };
    await createDwaveSampler("dwave-hybrid", { ...mockOptions(mock), fetch: recording })
      .sample(plantedQubo(5, 1).qubo, {});
    assertEquals(seen, [
      "/sapi/v2/bqm/multipart close",
      "/sapi/v2/bqm/multipart/ID/status close",
      "/sapi/v2/bqm/multipart/ID/part/1 close",
      "/sapi/v2/bqm/multipart/ID/status close",
      "/sapi/v2/bqm/multipart/ID/combine close",
    ]);
  });
});
