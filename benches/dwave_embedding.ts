/**
 * Clique-embedding search on full-size working graphs (the cost of the first `plan` or
 * dwave-qpu call per solver; later calls hit the per-solver cache), and the embed + scale of a
 * dense 150-variable Ising model. Run: deno bench -A benches/dwave_embedding.ts
 */
import { CliqueEmbedder, workingGraphOf } from "../samplers/dwave/clique_embedding.ts";
import { builtinSolvers } from "../samplers/dwave/mock/solvers.ts";
import { embedIsing, uniformTorqueCompensation } from "../samplers/dwave/embed_ising.ts";
import { quboToIsing } from "../samplers/dwave/ising.ts";
import { makeQubo } from "../lib/qubo.ts";

const [advantage, advantage2] = builtinSolvers();

Deno.bench("clique search, Advantage2 Z12 with 48 missing qubits", () => {
  new CliqueEmbedder(workingGraphOf(advantage2)!).capacity();
});

Deno.bench("clique search, Advantage P16 with 13 missing qubits", { n: 3, warmup: 1 }, () => {
  new CliqueEmbedder(workingGraphOf(advantage)!).capacity();
});

const n = 150;
const q = new Float64Array(n * n).map((_, i) => Math.sin(i));
for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) q[i * n + j] = q[j * n + i];
const ising = quboToIsing(makeQubo(n, q));
const embedder = new CliqueEmbedder(workingGraphOf(advantage2)!);
const chains = embedder.embed(n)!.chains;

Deno.bench("embed and scale a dense 150-variable Ising model on Z12", () => {
  embedIsing(
    ising,
    chains,
    advantage2.properties.couplers!,
    advantage2.properties,
    uniformTorqueCompensation(ising),
  );
});
