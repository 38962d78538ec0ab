/**
 * From a logical Ising model to a physical QPU problem and back (SAPI.md 5.3-5.6): chain
 * strength by uniform torque compensation, spreading h over a chain and J over every working
 * coupler between two chains, -chainStrength on every coupler inside a chain, scaling into
 * h_range / (extended) j_range and the per-qubit coupling range, and majority-vote unembedding.
 */
import type { IsingModel } from "./ising.ts";
import { couplerKey, type PhysicalIsing } from "./qp_format.ts";
import type { SolverProperties } from "./solvers.ts";

/** Uniform torque compensation: prefactor * RMS(J) * sqrt(mean degree); 1 without couplings. */
export function uniformTorqueCompensation(model: IsingModel, prefactor = 1.414): number {
  const { n, j } = model;
  let count = 0;
  let squares = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const value = j[a * n + b];
      if (value !== 0) count++, squares += value * value;
    }
  }
  if (count === 0) return 1;
  return prefactor * Math.sqrt(squares / count) * Math.sqrt((2 * count) / n);
}

/** An embedded, scaled physical problem. */
export interface EmbeddedProblem {
  readonly physical: PhysicalIsing;
  /** Physical values = logical values / scale (chain couplers included). */
  readonly scale: number;
  readonly chainStrength: number;
  /** Physical qubits used. */
  readonly qubits: number;
}

/** Embeds a logical Ising model on chains and scales it into the solver's ranges. */
export function embedIsing(
  model: IsingModel,
  chains: readonly (readonly number[])[],
  couplers: readonly (readonly [number, number])[],
  props: SolverProperties,
  chainStrength: number,
): EmbeddedProblem {
  const { n } = model;
  const owner = new Map<number, number>();
  chains.forEach((chain, v) => chain.forEach((q) => owner.set(q, v)));
  // Working couplers between each pair of chains, and inside chains.
  const between = new Map<number, [number, number][]>();
  const inside: [number, number][] = [];
  for (const [a, b] of couplers) {
    const u = owner.get(a);
    const v = owner.get(b);
    if (u === undefined || v === undefined) continue;
    if (u === v) inside.push([a, b]);
    else {
      const key = u < v ? u * n + v : v * n + u;
      const list = between.get(key);
      if (list) list.push([a, b]);
      else between.set(key, [[a, b]]);
    }
  }
  const h = new Map<number, number>();
  const j = new Map<number, number>();
  chains.forEach((chain, v) => chain.forEach((q) => h.set(q, model.h[v] / chain.length)));
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) {
      const value = model.j[u * n + v];
      if (value === 0) continue;
      const list = between.get(u * n + v);
      if (!list) throw new Error(`chains ${u} and ${v} share no coupler`);
      for (const [a, b] of list) j.set(couplerKey(a, b), value / list.length);
    }
  }
  for (const [a, b] of inside) j.set(couplerKey(a, b), -chainStrength);

  // Scale (ScaleComposite): the largest ratio of a value to its range end.
  const [hLo, hHi] = props.h_range ?? [-4, 4];
  const [jLo, jHi] = props.extended_j_range ?? props.j_range ?? [-1, 1];
  let inv = 0;
  for (const value of h.values()) inv = Math.max(inv, value / hHi, value / hLo);
  for (const value of j.values()) inv = Math.max(inv, value / jHi, value / jLo);
  // Per-qubit (Advantage) or per-group (Advantage2; bounded here per qubit, which is stricter
  // unless signs cancel across groups) sum of couplings.
  const range = props.per_qubit_coupling_range ?? props.per_group_coupling_range;
  if (range) {
    const sums = new Map<number, number>();
    for (const [key, value] of j) {
      const a = Math.floor(key / 1048576);
      const b = key % 1048576;
      sums.set(a, (sums.get(a) ?? 0) + value);
      sums.set(b, (sums.get(b) ?? 0) + value);
    }
    for (const sum of sums.values()) inv = Math.max(inv, sum / range[1], sum / range[0]);
  }
  const scale = inv > 0 ? inv : 1;
  const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  for (const [q, value] of h) h.set(q, clip(value / scale, hLo, hHi));
  for (const [key, value] of j) j.set(key, clip(value / scale, jLo, jHi));
  return { physical: { h, j }, scale, chainStrength, qubits: owner.size };
}

/** Majority-vote unembedding of spin rows; ties go to +1 (as dwave-system). */
export function unembedMajority(
  solutions: Int8Array,
  rows: number,
  active: Int32Array,
  chains: readonly (readonly number[])[],
): { bits: Uint8Array; broken: Float64Array } {
  const column = new Map<number, number>();
  active.forEach((q, i) => column.set(q, i));
  const k = active.length;
  const n = chains.length;
  const index = chains.map((chain) =>
    chain.map((q) => {
      const at = column.get(q);
      if (at === undefined) throw new Error(`qubit ${q} of a chain is missing from the answer`);
      return at;
    })
  );
  const bits = new Uint8Array(rows * n);
  const broken = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let brokenChains = 0;
    for (let v = 0; v < n; v++) {
      let sum = 0;
      for (const at of index[v]) sum += solutions[r * k + at];
      bits[r * n + v] = sum >= 0 ? 1 : 0;
      if (Math.abs(sum) !== index[v].length) brokenChains++;
    }
    broken[r] = n === 0 ? 0 : brokenChains / n;
  }
  return { bits, broken };
}
