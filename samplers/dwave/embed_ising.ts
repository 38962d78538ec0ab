/**
 * From a logical Ising model to a physical QPU problem and back (SAPI.md 5.3-5.6): chain
 * strength by uniform torque compensation, spreading h over a chain and J over every working
 * coupler between two chains, -chainStrength on every coupler inside a chain, scaling into
 * h_range / (extended) j_range and the per-qubit or per-group coupling range, and majority-vote
 * unembedding.
 */
import type { IsingModel } from "./ising.ts";
import { couplerKey, type PhysicalIsing } from "./qp_format.ts";
import type { SolverProperties } from "./solvers.ts";
import { zephyrCouplingGroup } from "./topology.ts";

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

/** Which working couplers join two chains, and which lie inside one. */
interface ChainWiring {
  readonly owner: Map<number, number>;
  /** Key u * chains + v (u < v). */
  readonly between: Map<number, [number, number][]>;
  readonly inside: [number, number][];
}

/**
 * Per embedding (the embedder returns the same chains for the same solver and size), so the
 * scan over all of a QPU's couplers runs once per solver and problem size, not per problem.
 */
const wirings = new WeakMap<
  readonly (readonly number[])[],
  { couplers: readonly (readonly [number, number])[]; wiring: ChainWiring }
>();

function chainWiring(
  chains: readonly (readonly number[])[],
  couplers: readonly (readonly [number, number])[],
): ChainWiring {
  const cached = wirings.get(chains);
  if (cached && cached.couplers === couplers) return cached.wiring;
  const n = chains.length;
  const owner = new Map<number, number>();
  chains.forEach((chain, v) => chain.forEach((q) => owner.set(q, v)));
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
  const wiring = { owner, between, inside };
  wirings.set(chains, { couplers, wiring });
  return wiring;
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
  const { owner, between, inside } = chainWiring(chains, couplers);
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
  // Sums of couplings per qubit (Advantage) or per coupling group (Advantage2), as
  // dwave-system's DWaveCliqueSampler bounds them.
  const perQubit = props.per_qubit_coupling_range;
  // Groups are Zephyr's; on another topology the per-qubit sum bounds a group's (stricter).
  const zephyr = props.topology?.type === "zephyr";
  const perGroup = perQubit || !zephyr ? undefined : props.per_group_coupling_range;
  const shape = props.topology?.shape ?? [];
  const range = perQubit ?? props.per_group_coupling_range;
  if (range) {
    const sums = new Map<number, number>();
    const add = (q: number, p: number, value: number) => {
      const slot = perGroup ? 2 * q + zephyrCouplingGroup(q, p, shape[0], shape[1] ?? 4) : q;
      sums.set(slot, (sums.get(slot) ?? 0) + value);
    };
    for (const [key, value] of j) {
      const a = Math.floor(key / 1048576);
      const b = key % 1048576;
      add(a, b, value);
      add(b, a, value);
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
