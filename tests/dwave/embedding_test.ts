import { deepStrictEqual as assertEquals, ok as assert } from "node:assert";
import { pegasusTopology, type Topology, zephyrTopology } from "../../samplers/dwave/topology.ts";
import { CliqueEmbedder, type WorkingGraph } from "../../samplers/dwave/clique_embedding.ts";
import { couplerKey } from "../../samplers/dwave/qp_format.ts";

/** Working graph of a topology without the given qubits. */
function working(topology: Topology, missing: ReadonlySet<number> = new Set()): WorkingGraph {
  const present = new Uint8Array(topology.numQubits);
  const qubitList = topology.qubits.filter((q) => !missing.has(q));
  for (const q of qubitList) present[q] = 1;
  const couplerList = topology.couplers.filter(([a, b]) => present[a] && present[b]);
  return {
    topology,
    present,
    couplers: new Set(couplerList.map(([a, b]) => couplerKey(a, b))),
    couplerList,
    qubitList,
  };
}

/** Checks chains are disjoint, on working qubits, connected, and pairwise coupled. */
function assertValidClique(graph: WorkingGraph, chains: readonly (readonly number[])[]): void {
  const seen = new Set<number>();
  for (const chain of chains) {
    for (const q of chain) {
      assert(graph.present[q] === 1, `qubit ${q} is not working`);
      assert(!seen.has(q), `qubit ${q} is in two chains`);
      seen.add(q);
    }
    // Connected: flood fill over working couplers inside the chain.
    const inside = new Set(chain);
    const reached = new Set([chain[0]]);
    const stack = [chain[0]];
    while (stack.length) {
      const a = stack.pop()!;
      for (const b of inside) {
        if (!reached.has(b) && graph.couplers.has(couplerKey(a, b))) reached.add(b), stack.push(b);
      }
    }
    assertEquals(reached.size, chain.length);
  }
  for (let u = 0; u < chains.length; u++) {
    for (let v = u + 1; v < chains.length; v++) {
      assert(
        chains[u].some((a) => chains[v].some((b) => graph.couplers.has(couplerKey(a, b)))),
        `chains ${u} and ${v} share no coupler`,
      );
    }
  }
}

Deno.test("Zephyr and Pegasus generators match dwave-graphs' node and edge counts", () => {
  const counts = (t: Topology) => [t.qubits.length, t.couplers.length];
  assertEquals(counts(zephyrTopology(2)), [160, 1224]);
  assertEquals(counts(zephyrTopology(3)), [336, 2808]);
  assertEquals(counts(zephyrTopology(6)), [1248, 11400]);
  assertEquals(counts(pegasusTopology(4)), [264, 1604]);
  assertEquals(counts(pegasusTopology(6)), [680, 4484]);
  const p16 = pegasusTopology(16);
  assertEquals(counts(p16), [5640, 40484]);
  // Advantage's fabric runs from qubit 30 to 5729 of 0..5759.
  assertEquals([p16.qubits[0], p16.qubits.at(-1), p16.numQubits], [30, 5729, 5760]);
});

Deno.test("clique embeddings on perfect Zephyr reach busclique's largest cliques", () => {
  for (const [m, largest] of [[2, 24], [3, 40], [4, 56]]) {
    const graph = working(zephyrTopology(m));
    const embedder = new CliqueEmbedder(graph);
    assertEquals(embedder.capacity().largest, largest);
    const embedding = embedder.embed(largest)!;
    assertEquals(embedding.chains.length, largest);
    assertValidClique(graph, embedding.chains);
  }
});

Deno.test("clique embeddings on Pegasus P4/P6 are valid and near busclique's K36/K60", () => {
  const p4 = working(pegasusTopology(4));
  const capacity = new CliqueEmbedder(p4).capacity();
  assertEquals(capacity.largest, 32);
  assertValidClique(p4, new CliqueEmbedder(p4).embed(32)!.chains);
  assertEquals(new CliqueEmbedder(working(pegasusTopology(6))).capacity().largest, 56);
});

Deno.test("missing qubits are avoided and shrink the largest clique", () => {
  const topology = zephyrTopology(3);
  const missing = new Set(topology.qubits.filter((_, i) => i % 23 === 5));
  const graph = working(topology, missing);
  const embedder = new CliqueEmbedder(graph);
  const { largest, byChainLength } = embedder.capacity();
  assert(largest < 40 && largest >= 16, `largest ${largest}`);
  // Budgets are increasing in both chain length and clique size.
  for (let i = 1; i < byChainLength.length; i++) {
    assert(byChainLength[i][0] > byChainLength[i - 1][0]);
    assert(byChainLength[i][1] > byChainLength[i - 1][1]);
  }
  const embedding = embedder.embed(largest)!;
  assertValidClique(graph, embedding.chains);
  assertEquals(embedder.embed(largest + 1), undefined);
  // Small problems get short chains.
  assert(embedder.embed(4)!.maxChainLength <= 3);
});
