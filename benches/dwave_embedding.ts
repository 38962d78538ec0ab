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

// The same with the chains' wiring not yet cached (a fresh chains array each time): the scan
// over every working coupler that the cache saves for the second and later problems of a size.
Deno.bench("embed and scale a dense 150-variable Ising model on Z12, wiring uncached", () => {
  embedIsing(
    ising,
    chains.map((chain) => chain),
    advantage2.properties.couplers!,
    advantage2.properties,
    uniformTorqueCompensation(ising),
  );
});

const pegasusChains = new CliqueEmbedder(workingGraphOf(advantage)!).embed(95)!.chains;
const small = quboToIsing(makeQubo(95, new Float64Array(95 * 95).map((_, i) => Math.cos(i))));

Deno.bench("embed and scale a 95-variable problem on P16 (digits-dwave-qpu), wiring cached", () => {
  embedIsing(
    small,
    pegasusChains,
    advantage.properties.couplers!,
    advantage.properties,
    uniformTorqueCompensation(small),
  );
});

Deno.bench("embed and scale a 95-variable problem on P16, wiring uncached", () => {
  embedIsing(
    small,
    pegasusChains.map((chain) => chain),
    advantage.properties.couplers!,
    advantage.properties,
    uniformTorqueCompensation(small),
  );
});
