/**
 * How the mock answers: it really solves what it receives with a local sampler. A QPU problem
 * (physical Ising on active qubits) becomes a dense QUBO over those qubits; a hybrid BQM is a
 * QUBO already. Spins and energies are reported in the submitted problem's own terms.
 */
import { makeQubo, type Qubo, quboEnergy } from "../../../lib/qubo.ts";
import { typicalFlipBetaRange } from "../../beta_range.ts";
import type { SampleSet } from "../../sampler.ts";
import { saSampler } from "../../sa.ts";
import type { PhysicalIsing } from "../qp_format.ts";

/** A local solve: `reads` samples of a QUBO (stopping early when `signal` aborts). */
export type LocalSolve = (
  qubo: Qubo,
  reads: number,
  seed: number,
  signal?: AbortSignal,
) => Promise<SampleSet>;

/** The default local solve: the "sa" annealer, `sweeps` sweeps per read. */
export function saLocalSolve(sweeps = 1000): LocalSolve {
  return (qubo, reads, seed) =>
    saSampler.sample(qubo, { numReads: reads, numSweeps: sweeps, seed });
}

/** The qubits a physical problem touches, ascending, and each one's position among them. */
function activeQubits(problem: PhysicalIsing): { active: number[]; position: Map<number, number> } {
  const activeSet = new Set<number>(problem.h.keys());
  for (const key of problem.j.keys()) {
    activeSet.add(Math.floor(key / 1048576));
    activeSet.add(key % 1048576);
  }
  const active = [...activeSet].sort((a, b) => a - b);
  const position = new Map(active.map((q, i) => [q, i]));
  return { active, position };
}

/** The active qubits of a physical problem, ascending, and its QUBO over them. */
export function physicalToQubo(problem: PhysicalIsing): { active: number[]; qubo: Qubo } {
  const { active, position } = activeQubits(problem);
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
  const { active, position } = activeQubits(problem);
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

/**
 * The default solve of QPU problems: Metropolis annealing over the nonzero couplings only (an
 * embedded problem has hundreds of qubits of degree <= 20, where a dense kernel spends its time
 * on zeros), yielding to the event loop between reads so the mock keeps answering requests and
 * stops at once when `signal` aborts (Ctrl-C, close).
 */
export function sparseAnnealSolve(sweeps = 200): LocalSolve {
  return async (qubo, reads, seed, signal) => {
    const { n, q } = qubo;
    const start = new Int32Array(n + 1);
    const colList: number[] = [];
    const weightList: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const w = j === i ? 0 : q[i * n + j] + q[j * n + i];
        if (w !== 0) colList.push(j), weightList.push(w);
      }
      start[i + 1] = colList.length;
    }
    const cols = Int32Array.from(colList);
    const weights = Float64Array.from(weightList);
    const [hot, cold] = typicalFlipBetaRange(qubo);
    const samples = new Uint8Array(reads * n);
    const energies = new Float64Array(reads);
    const field = new Float64Array(n);
    for (let r = 0; r < reads; r++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal?.aborted) throw new Error("the mock is closing");
      let state = (Math.imul(seed ^ 0x9e3779b9, r + 1) ^ Math.imul(r, 0x85ebca6b)) | 1;
      const uniform = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 4294967296;
      };
      const bits = samples.subarray(r * n, (r + 1) * n);
      for (let i = 0; i < n; i++) bits[i] = uniform() < 0.5 ? 1 : 0;
      for (let i = 0; i < n; i++) {
        let f = q[i * n + i];
        for (let k = start[i]; k < start[i + 1]; k++) if (bits[cols[k]]) f += weights[k];
        field[i] = f;
      }
      for (let s = 0; s < sweeps; s++) {
        const beta = hot * (cold / hot) ** (sweeps > 1 ? s / (sweeps - 1) : 1);
        for (let i = 0; i < n; i++) {
          const sign = bits[i] ? -1 : 1;
          const x = beta * sign * field[i];
          if (x > 0 && (x > 40 || uniform() >= Math.exp(-x))) continue;
          bits[i] ^= 1;
          for (let k = start[i]; k < start[i + 1]; k++) field[cols[k]] += sign * weights[k];
        }
      }
      energies[r] = quboEnergy(qubo, samples, r * n);
    }
    return { n, numReads: reads, samples, energies, info: { timing: { total: 0 } } };
  };
}
