/**
 * How the mock answers: it really solves what it receives with a local sampler. A QPU problem
 * (physical Ising on active qubits) becomes a dense QUBO over those qubits; a hybrid BQM is a
 * QUBO already. Spins and energies are reported in the submitted problem's own terms.
 */
import { makeQubo, type Qubo } from "../../../lib/qubo.ts";
import type { SampleSet } from "../../sampler.ts";
import { saSampler } from "../../sa.ts";
import type { PhysicalIsing } from "../qp_format.ts";

/** A local solve: `reads` samples of a QUBO. */
export type LocalSolve = (qubo: Qubo, reads: number, seed: number) => Promise<SampleSet>;

/** The default local solve: the "sa" annealer, `sweeps` sweeps per read. */
export function saLocalSolve(sweeps = 1000): LocalSolve {
  return (qubo, reads, seed) =>
    saSampler.sample(qubo, { numReads: reads, numSweeps: sweeps, seed });
}

/** The active qubits of a physical problem, ascending, and its QUBO over them. */
export function physicalToQubo(problem: PhysicalIsing): { active: number[]; qubo: Qubo } {
  const activeSet = new Set<number>(problem.h.keys());
  for (const key of problem.j.keys()) {
    activeSet.add(Math.floor(key / 1048576));
    activeSet.add(key % 1048576);
  }
  const active = [...activeSet].sort((a, b) => a - b);
  const position = new Map(active.map((q, i) => [q, i]));
  const n = active.length;
  const q = new Float64Array(n * n);
  let offset = 0;
  // s = 2b - 1: h s -> 2h b - h; J s_a s_b -> 4J b_a b_b - 2J b_a - 2J b_b + J.
  for (const [qubit, h] of problem.h) {
    const i = position.get(qubit)!;
    q[i * n + i] += 2 * h;
    offset -= h;
  }
  for (const [key, j] of problem.j) {
    const a = position.get(Math.floor(key / 1048576))!;
    const b = position.get(key % 1048576)!;
    q[a * n + b] += 2 * j;
    q[b * n + a] += 2 * j;
    q[a * n + a] -= 2 * j;
    q[b * n + b] -= 2 * j;
    offset += j;
  }
  return { active, qubo: makeQubo(n, q, offset) };
}

/**
 * A `qubo`-typed problem read as what it is: `lin` the diagonal and `quad` the coefficient of
 * b_a b_b (halved into the symmetric matrix), no offset; its energies are QUBO energies.
 */
export function physicalQuboToQubo(problem: PhysicalIsing): { active: number[]; qubo: Qubo } {
  const activeSet = new Set<number>(problem.h.keys());
  for (const key of problem.j.keys()) {
    activeSet.add(Math.floor(key / 1048576));
    activeSet.add(key % 1048576);
  }
  const active = [...activeSet].sort((a, b) => a - b);
  const position = new Map(active.map((q, i) => [q, i]));
  const n = active.length;
  const q = new Float64Array(n * n);
  for (const [qubit, value] of problem.h) q[position.get(qubit)! * (n + 1)] += value;
  for (const [key, value] of problem.j) {
    const a = position.get(Math.floor(key / 1048576))!;
    const b = position.get(key % 1048576)!;
    q[a * n + b] += value / 2;
    q[b * n + a] += value / 2;
  }
  return { active, qubo: makeQubo(n, q, 0) };
}
