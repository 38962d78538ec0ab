/**
 * QPU topologies: Pegasus P(m) (Advantage) and Zephyr Z(m, t) (Advantage2) with D-Wave's linear
 * qubit indices, plus the "line" geometry the clique embedding works on. Both are drawn on a
 * square grid of cells: every qubit is a vertical or horizontal segment of consecutive cells,
 * the qubits of one line are chained end to end by external couplers, and a vertical and a
 * horizontal qubit covering the same cell are always coupled.
 *
 * Zephyr follows the three edge rules of SAPI.md 5.8. Pegasus is built geometrically: vertical
 * qubit (w, k, z) sits at x = 12w + k and spans y in [12z + o0[k], +12), horizontal (w, k, z)
 * at y = 12w + k spanning x in [12z + o1[k], +12) (offsets [2,2,2,2,10,10,10,10,6,6,6,6] and
 * [6,6,6,6,2,2,2,2,10,10,10,10]); internal couplers join crossing qubits, odd couplers join
 * k = 2i and 2i + 1, and only the fabric (qubits crossed by the other orientation) is kept. The
 * tests check node and edge counts against dwave-graphs (SAPI.md 5.1).
 */

/** One qubit of a line: its index and the cells [start, end] it spans along the line. */
export interface LineSegment {
  readonly qubit: number;
  readonly start: number;
  readonly end: number;
}

/** A line of qubits: vertical (orientation 0, at a cell column) or horizontal (1, at a row). */
export interface QubitLine {
  readonly orientation: 0 | 1;
  readonly position: number;
  /** Segments in cell order, each starting where the previous ends + 1. */
  readonly segments: readonly LineSegment[];
}

/** A topology with its perfect-yield graph and line geometry. */
export interface Topology {
  readonly type: "pegasus" | "zephyr";
  readonly shape: readonly number[];
  /** Nominal qubit count (indices run 0..numQubits-1, some absent even at perfect yield). */
  readonly numQubits: number;
  /** Grid side in cells. */
  readonly gridSize: number;
  readonly qubits: readonly number[];
  readonly couplers: readonly (readonly [number, number])[];
  readonly lines: readonly QubitLine[];
}

const PEGASUS_OFFSETS: readonly (readonly number[])[] = [
  [2, 2, 2, 2, 10, 10, 10, 10, 6, 6, 6, 6],
  [6, 6, 6, 6, 2, 2, 2, 2, 10, 10, 10, 10],
];

function sortedEdges(edges: [number, number][]): [number, number][] {
  const unique = new Map<number, [number, number]>();
  for (const [a, b] of edges) {
    const pair: [number, number] = a < b ? [a, b] : [b, a];
    unique.set(pair[0] * 1048576 + pair[1], pair);
  }
  return [...unique.values()].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

/** Pegasus P(m), fabric only, with dwave-graphs' linear indices ((u m + w) 12 + k)(m - 1) + z. */
export function pegasusTopology(m: number): Topology {
  if (!Number.isInteger(m) || m < 2) throw new RangeError(`Pegasus size must be >= 2, got ${m}`);
  const m1 = m - 1;
  const index = (u: number, w: number, k: number, z: number) => ((u * m + w) * 12 + k) * m1 + z;
  // Fabric: the qubit's coordinate lies within the span of the other orientation's qubits.
  const inFabric = (u: number, w: number, k: number) => {
    const coordinate = 12 * w + k;
    const other = PEGASUS_OFFSETS[1 - u];
    return coordinate >= Math.min(...other) && coordinate < 12 * (m - 2) + 12 + Math.max(...other);
  };
  const qubits: number[] = [];
  const edges: [number, number][] = [];
  const lines: QubitLine[] = [];
  for (let u = 0; u < 2; u++) {
    for (let w = 0; w < m; w++) {
      for (let k = 0; k < 12; k++) {
        if (!inFabric(u, w, k)) continue;
        const offset = PEGASUS_OFFSETS[u][k] / 2;
        const segments: LineSegment[] = [];
        for (let z = 0; z < m1; z++) {
          const q = index(u, w, k, z);
          qubits.push(q);
          segments.push({ qubit: q, start: 6 * z + offset, end: 6 * z + offset + 5 });
          if (z + 1 < m1) edges.push([q, index(u, w, k, z + 1)]);
          if (k % 2 === 0 && inFabric(u, w, k + 1)) edges.push([q, index(u, w, k + 1, z)]);
        }
        lines.push({ orientation: u as 0 | 1, position: 6 * w + (k >> 1), segments });
      }
    }
  }
  // Internal couplers: vertical (w, k, z) crosses horizontal (z + [kk < o0[k]], kk, w - [k < o1[kk]]).
  for (let w = 0; w < m; w++) {
    for (let k = 0; k < 12; k++) {
      if (!inFabric(0, w, k)) continue;
      for (let z = 0; z < m1; z++) {
        for (let kk = 0; kk < 12; kk++) {
          const w2 = z + (kk < PEGASUS_OFFSETS[0][k] ? 1 : 0);
          const z2 = w - (k < PEGASUS_OFFSETS[1][kk] ? 1 : 0);
          if (w2 >= m || z2 < 0 || z2 >= m1 || !inFabric(1, w2, kk)) continue;
          edges.push([index(0, w, k, z), index(1, w2, kk, z2)]);
        }
      }
    }
  }
  return {
    type: "pegasus",
    shape: [m],
    numQubits: 24 * m * m1,
    gridSize: 6 * m,
    qubits: qubits.sort((a, b) => a - b),
    couplers: sortedEdges(edges),
    lines,
  };
}

/** Zephyr Z(m, t) with linear indices (((u (2m+1) + w) t + k) 2 + j) m + z (SAPI.md 5.8). */
export function zephyrTopology(m: number, t = 4): Topology {
  if (!Number.isInteger(m) || m < 1 || !Number.isInteger(t) || t < 1) {
    throw new RangeError(`Zephyr shape must be positive integers, got [${m}, ${t}]`);
  }
  const side = 2 * m + 1;
  const index = (u: number, w: number, k: number, j: number, z: number) =>
    (((u * side + w) * t + k) * 2 + j) * m + z;
  const qubits: number[] = [];
  const edges: [number, number][] = [];
  const lines: QubitLine[] = [];
  for (let u = 0; u < 2; u++) {
    for (let w = 0; w < side; w++) {
      for (let k = 0; k < t; k++) {
        for (let j = 0; j < 2; j++) {
          const segments: LineSegment[] = [];
          for (let z = 0; z < m; z++) {
            const q = index(u, w, k, j, z);
            qubits.push(q);
            segments.push({ qubit: q, start: 2 * z + j, end: 2 * z + j + 1 });
            if (z + 1 < m) edges.push([q, index(u, w, k, j, z + 1)]); // external
            if (j === 0) {
              edges.push([q, index(u, w, k, 1, z)]); // odd, a = 0
              if (z >= 1) edges.push([q, index(u, w, k, 1, z - 1)]); // odd, a = 1
            }
          }
          lines.push({ orientation: u as 0 | 1, position: w, segments });
        }
      }
    }
  }
  // Internal: (0, 2w+1+a(2i-1), k, j, z) -- (1, 2z+1+b(2j-1), h, i, w).
  for (let w = 0; w < m; w++) {
    for (let z = 0; z < m; z++) {
      for (let k = 0; k < t; k++) {
        for (let h = 0; h < t; h++) {
          for (let i = 0; i < 2; i++) {
            for (let j = 0; j < 2; j++) {
              for (let a = 0; a < 2; a++) {
                for (let b = 0; b < 2; b++) {
                  edges.push([
                    index(0, 2 * w + 1 + a * (2 * i - 1), k, j, z),
                    index(1, 2 * z + 1 + b * (2 * j - 1), h, i, w),
                  ]);
                }
              }
            }
          }
        }
      }
    }
  }
  return {
    type: "zephyr",
    shape: [m, t],
    numQubits: 4 * t * m * side,
    gridSize: side,
    qubits,
    couplers: sortedEdges(edges),
    lines,
  };
}

/** The topology a solver advertises, or undefined for unknown types. */
export function topologyOf(
  topology: { readonly type: string; readonly shape: readonly number[] } | undefined,
): Topology | undefined {
  if (topology?.type === "pegasus") return pegasusTopology(topology.shape[0]);
  if (topology?.type === "zephyr") return zephyrTopology(topology.shape[0], topology.shape[1] ?? 4);
  return undefined;
}

/**
 * The coupling group (0 or 1) of qubit `q`'s coupler to `p` on Zephyr Z(m, t): Advantage2 bounds
 * the sum of couplings per group (per_group_coupling_range), each qubit's couplers falling in two
 * groups by direction (dwave-system coupling_groups.py).
 */
export function zephyrCouplingGroup(q: number, p: number, m: number, t = 4): 0 | 1 {
  const coordinates = (index: number) => {
    const z = index % m;
    let rest = (index - z) / m;
    const j = rest % 2;
    rest = (rest - j) / 2;
    const k = rest % t;
    rest = (rest - k) / t;
    const w = rest % (2 * m + 1);
    return { u: (rest - w) / (2 * m + 1), w, j, z };
  };
  const a = coordinates(q);
  const b = coordinates(p);
  const group = a.u !== b.u
    ? 2 * a.z + a.j + 1 - b.w
    : a.j !== b.j
    ? a.z + a.j - b.z
    : Math.floor((b.z - a.z) / 2);
  // Python indexes a pair with -1 as its second entry.
  return (((group % 2) + 2) % 2) as 0 | 1;
}
