/**
 * Clique embeddings on a QPU's own working graph (missing qubits and couplers respected), in
 * the spirit of minorminer's busclique (SAPI.md 5.2). On the cell grid of topology.ts a chain
 * is an "L": one vertical run of qubits and one horizontal run that cross at a diagonal cell.
 * For a block of s diagonal cells (in any of four mirror orientations), chain d's vertical run
 * covers the rows from the first diagonal cell to its own and its horizontal run covers the
 * columns from its own diagonal cell to the last, so every two chains cross somewhere. Each
 * diagonal cell hosts as many chains as it has intact vertical and horizontal runs (every
 * qubit and coupler present). We search every block for the largest clique per chain-length
 * budget, then build and verify the chosen one coupler by coupler.
 */
import { couplerKey } from "./qp_format.ts";
import type { SolverDescription } from "./solvers.ts";
import { type QubitLine, type Topology, topologyOf } from "./topology.ts";

/** A solver's working graph: its topology and which qubits and couplers work. */
export interface WorkingGraph {
  readonly topology: Topology;
  /** 1 where the qubit works, by qubit index. */
  readonly present: Uint8Array;
  /** Working couplers by couplerKey. */
  readonly couplers: ReadonlySet<number>;
  /** Working couplers in solver order (for qp encoding). */
  readonly couplerList: readonly (readonly [number, number])[];
  /** Working qubits in solver order. */
  readonly qubitList: readonly number[];
}

/** The working graph of a QPU solver, or undefined when its topology is not Pegasus/Zephyr. */
export function workingGraphOf(solver: SolverDescription): WorkingGraph | undefined {
  const p = solver.properties;
  const topology = topologyOf(p.topology);
  if (!topology || !p.qubits || !p.couplers) return undefined;
  const present = new Uint8Array(topology.numQubits);
  for (const q of p.qubits) if (q >= 0 && q < present.length) present[q] = 1;
  const couplers = new Set<number>();
  for (const [a, b] of p.couplers) couplers.add(couplerKey(a, b));
  return { topology, present, couplers, couplerList: p.couplers, qubitList: p.qubits };
}

/** A clique embedding: chains[v] = the qubits of logical variable v. */
export interface CliqueEmbedding {
  readonly chains: readonly (readonly number[])[];
  /** Longest chain, in qubits. */
  readonly maxChainLength: number;
}

interface PreparedLine {
  readonly qubits: Int32Array;
  /** Segment covering each cell, -1 if none. */
  readonly segAt: Int32Array;
  /** Prefix counts of missing segments and missing links (link i joins i and i + 1). */
  readonly badSeg: Int32Array;
  readonly badLink: Int32Array;
}

interface Candidate {
  readonly fx: boolean;
  readonly fy: boolean;
  readonly x0: number;
  readonly y0: number;
  readonly s: number;
  readonly count: number;
  readonly maxLength: number;
}

/** Largest clique sizes of a working graph, per chain-length budget. */
export interface CliqueCapacity {
  /** Largest clique found. */
  readonly largest: number;
  /** [chain length budget, largest clique with every chain at most that long], ascending. */
  readonly byChainLength: readonly (readonly [number, number])[];
}

/** Finds and caches clique embeddings for one working graph. */
export class CliqueEmbedder {
  readonly graph: WorkingGraph;
  readonly #lines: PreparedLine[][][]; // [orientation][position][]
  #best?: Map<number, Candidate>; // by max chain length
  readonly #built = new Map<string, number[][]>();

  constructor(graph: WorkingGraph) {
    this.graph = graph;
    const size = graph.topology.gridSize;
    this.#lines = [0, 1].map(() => Array.from({ length: size }, () => [] as PreparedLine[]));
    for (const line of graph.topology.lines) {
      this.#lines[line.orientation][line.position].push(this.#prepare(line, size));
    }
  }

  #prepare(line: QubitLine, size: number): PreparedLine {
    const count = line.segments.length;
    const qubits = Int32Array.from(line.segments, (s) => s.qubit);
    const segAt = new Int32Array(size).fill(-1);
    line.segments.forEach((s, i) => {
      for (let c = s.start; c <= s.end && c < size; c++) segAt[c] = i;
    });
    const badSeg = new Int32Array(count + 1);
    const badLink = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      badSeg[i + 1] = badSeg[i] + (this.graph.present[qubits[i]] ? 0 : 1);
      if (i + 1 < count) {
        const ok = this.graph.couplers.has(couplerKey(qubits[i], qubits[i + 1]));
        badLink[i + 1] = badLink[i] + (ok ? 0 : 1);
      }
    }
    return { qubits, segAt, badSeg, badLink };
  }

  /** Segments [first, last] of a line covering cells [a, b] intact, or undefined. */
  #run(line: PreparedLine, a: number, b: number): [number, number] | undefined {
    const first = line.segAt[a];
    const last = line.segAt[b];
    if (first < 0 || last < 0) return undefined;
    if (line.badSeg[last + 1] - line.badSeg[first] !== 0) return undefined;
    if (line.badLink[last] - line.badLink[first] !== 0) return undefined;
    return [first, last];
  }

  /** Chains a diagonal cell can host: intact runs each way (lengths of the longest). */
  #cell(
    column: number,
    row: number,
    rows: [number, number],
    columns: [number, number],
  ): { count: number; length: number } {
    let vertical = 0;
    let horizontal = 0;
    let vLength = 0;
    let hLength = 0;
    for (const line of this.#lines[0][column]) {
      const run = this.#run(line, rows[0], rows[1]);
      if (run) vertical++, vLength = Math.max(vLength, run[1] - run[0] + 1);
    }
    if (vertical === 0) return { count: 0, length: 0 };
    for (const line of this.#lines[1][row]) {
      const run = this.#run(line, columns[0], columns[1]);
      if (run) horizontal++, hLength = Math.max(hLength, run[1] - run[0] + 1);
    }
    const count = Math.min(vertical, horizontal);
    return { count, length: count ? vLength + hLength : 0 };
  }

  #diagonal(c: Omit<Candidate, "count" | "maxLength">, d: number) {
    const column = c.x0 + (c.fx ? c.s - 1 - d : d);
    const row = c.y0 + (c.fy ? c.s - 1 - d : d);
    const firstRow = c.y0 + (c.fy ? c.s - 1 : 0);
    const lastColumn = c.x0 + (c.fx ? 0 : c.s - 1);
    return {
      column,
      row,
      rows: [Math.min(firstRow, row), Math.max(firstRow, row)] as [number, number],
      columns: [Math.min(column, lastColumn), Math.max(column, lastColumn)] as [number, number],
    };
  }

  /** Searches every block once; keeps the best block per max chain length. */
  #search(): Map<number, Candidate> {
    if (this.#best) return this.#best;
    const size = this.graph.topology.gridSize;
    const best = new Map<number, Candidate>();
    for (const fx of [false, true]) {
      for (const fy of [false, true]) {
        for (let x0 = 0; x0 < size; x0++) {
          for (let y0 = 0; y0 < size; y0++) {
            for (let s = 1; x0 + s <= size && y0 + s <= size; s++) {
              const base = { fx, fy, x0, y0, s };
              let count = 0;
              let maxLength = 0;
              for (let d = 0; d < s; d++) {
                const { column, row, rows, columns } = this.#diagonal(base, d);
                const cell = this.#cell(column, row, rows, columns);
                count += cell.count;
                if (cell.length > maxLength) maxLength = cell.length;
              }
              if (count === 0) continue;
              const held = best.get(maxLength);
              if (!held || held.count < count) best.set(maxLength, { ...base, count, maxLength });
            }
          }
        }
      }
    }
    this.#best = best;
    return best;
  }

  /** Builds a candidate's chains (coupler-checked pairing at each diagonal cell). */
  #build(c: Candidate): number[][] {
    const key = `${c.fx}${c.fy}${c.x0},${c.y0},${c.s}`;
    const cached = this.#built.get(key);
    if (cached) return cached;
    const chains: number[][] = [];
    for (let d = 0; d < c.s; d++) {
      const { column, row, rows, columns } = this.#diagonal(c, d);
      const verticals: { qubits: number[]; at: number }[] = [];
      for (const line of this.#lines[0][column]) {
        const run = this.#run(line, rows[0], rows[1]);
        if (!run) continue;
        const qubits = Array.from(line.qubits.subarray(run[0], run[1] + 1));
        verticals.push({ qubits, at: line.qubits[line.segAt[row]] });
      }
      const horizontals: { qubits: number[]; at: number; used: boolean }[] = [];
      for (const line of this.#lines[1][row]) {
        const run = this.#run(line, columns[0], columns[1]);
        if (!run) continue;
        const qubits = Array.from(line.qubits.subarray(run[0], run[1] + 1));
        horizontals.push({ qubits, at: line.qubits[line.segAt[column]], used: false });
      }
      for (const v of verticals) {
        const h = horizontals.find((h) =>
          !h.used && this.graph.couplers.has(couplerKey(v.at, h.at))
        );
        if (!h) continue;
        h.used = true;
        chains.push([...v.qubits, ...h.qubits]);
      }
    }
    const verified = this.#verify(chains);
    this.#built.set(key, verified);
    return verified;
  }

  /** Drops chains until every two chains share a working coupler. */
  #verify(chains: number[][]): number[][] {
    const owner = new Map<number, number>();
    chains.forEach((chain, index) => chain.forEach((q) => owner.set(q, index)));
    const adjacent = chains.map(() => new Set<number>());
    for (const [a, b] of this.graph.couplerList) {
      const ca = owner.get(a);
      const cb = owner.get(b);
      if (ca !== undefined && cb !== undefined && ca !== cb) {
        adjacent[ca].add(cb);
        adjacent[cb].add(ca);
      }
    }
    const alive = new Set(chains.map((_, i) => i));
    for (;;) {
      let worst = -1;
      let worstMissing = 0;
      for (const i of alive) {
        let missing = 0;
        for (const j of alive) if (j !== i && !adjacent[i].has(j)) missing++;
        if (missing > worstMissing) worst = i, worstMissing = missing;
      }
      if (worst < 0) break;
      alive.delete(worst);
    }
    return [...alive].map((i) => chains[i]);
  }

  /** Largest clique and the largest clique per chain-length budget. */
  capacity(): CliqueCapacity {
    const best = this.#search();
    const byChainLength: [number, number][] = [];
    let running = 0;
    for (const length of [...best.keys()].sort((a, b) => a - b)) {
      const size = this.#build(best.get(length)!).length;
      if (size > running) {
        running = size;
        byChainLength.push([length, size]);
      }
    }
    return { largest: running, byChainLength };
  }

  /** A clique embedding of k variables with the shortest chains found, or undefined. */
  embed(k: number): CliqueEmbedding | undefined {
    // The same object per size: embed_ising caches the chains' wiring by it.
    if (!this.#embedded.has(k)) this.#embedded.set(k, this.#embedOnce(k));
    return this.#embedded.get(k);
  }

  readonly #embedded = new Map<number, CliqueEmbedding | undefined>();

  #embedOnce(k: number): CliqueEmbedding | undefined {
    if (k < 1) return { chains: [], maxChainLength: 0 };
    const best = this.#search();
    for (const length of [...best.keys()].sort((a, b) => a - b)) {
      const candidate = best.get(length)!;
      if (candidate.count < k) continue;
      const chains = this.#build(candidate);
      if (chains.length < k) continue;
      const chosen = [...chains].sort((a, b) => a.length - b.length).slice(0, k);
      return { chains: chosen, maxChainLength: Math.max(...chosen.map((c) => c.length)) };
    }
    return undefined;
  }
}

const embedders = new Map<string, CliqueEmbedder>();

/** The (cached) embedder of a QPU solver, keyed by name and graph id. */
export function cliqueEmbedderFor(solver: SolverDescription): CliqueEmbedder | undefined {
  const key = `${solver.identity.name};${
    solver.identity.version?.graph_id ?? ""
  };${solver.properties.qubits?.length};${solver.properties.couplers?.length}`;
  let embedder = embedders.get(key);
  if (!embedder) {
    const graph = workingGraphOf(solver);
    if (!graph) return undefined;
    embedder = new CliqueEmbedder(graph);
    embedders.set(key, embedder);
  }
  return embedder;
}
