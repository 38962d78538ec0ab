/**
 * Solver descriptions (representation v3, SAPI.md section 2) and solver selection as Ocean does
 * it: by name (`name` or `name;graph_id=...`) or by a JSON feature filter with Django-style keys
 * (`{"topology__type": "zephyr", "num_qubits__gt": 4000}`), online solvers only.
 */
import { UserError } from "../../lib/errors.ts";

/** The identity of a solver: QPU solvers carry a graph id. */
export interface SolverIdentity {
  /** Solver name, e.g. "Advantage_system4.1". */
  readonly name: string;
  /** Version; QPU solvers carry the working graph's id. */
  readonly version?: { readonly graph_id?: string; readonly [key: string]: unknown };
}

/** Properties a client uses (others are kept as they come). */
export interface SolverProperties {
  /** "qpu" or "hybrid". */
  readonly category?: string;
  /** Problem types it accepts ("ising", "qubo", "bqm", ...). */
  readonly supported_problem_types?: readonly string[];
  /** Working qubits (QPU). */
  readonly qubits?: readonly number[];
  /** Working couplers as qubit pairs (QPU). */
  readonly couplers?: readonly (readonly [number, number])[];
  /** Qubits of the full topology, working or not (QPU). */
  readonly num_qubits?: number;
  /** Topology family ("pegasus", "zephyr") and shape (QPU). */
  readonly topology?: { readonly type: string; readonly shape: readonly number[] };
  /** Range of the linear biases h (QPU). */
  readonly h_range?: readonly [number, number];
  /** Range of the couplings J (QPU). */
  readonly j_range?: readonly [number, number];
  /** Extended range of the couplings J, with per-qubit limits (QPU). */
  readonly extended_j_range?: readonly [number, number];
  /** Range of the sum of a qubit's couplings (Advantage). */
  readonly per_qubit_coupling_range?: readonly [number, number];
  /** Range of the sum of a coupling group's couplings (Advantage2). */
  readonly per_group_coupling_range?: readonly [number, number];
  /** Allowed num_reads. */
  readonly num_reads_range?: readonly [number, number];
  /** Allowed annealing_time in microseconds. */
  readonly annealing_time_range?: readonly [number, number];
  /** annealing_time used when none is given (microseconds). */
  readonly default_annealing_time?: number;
  /** programming_thermalization used when none is given (microseconds). */
  readonly default_programming_thermalization?: number;
  /** readout_thermalization used when none is given (microseconds). */
  readonly default_readout_thermalization?: number;
  /** Allowed total run time of a problem (microseconds). */
  readonly problem_run_duration_range?: readonly [number, number];
  /** Parameters the solver accepts, with their descriptions. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Figures of D-Wave's QPU access-time model. */
  readonly problem_timing_data?: Readonly<Record<string, unknown>>;
  /** Minimum time_limit by problem size: [variables, seconds] points (hybrid). */
  readonly minimum_time_limit?: readonly (readonly [number, number])[];
  /** Largest time_limit in hours (hybrid). */
  readonly maximum_time_limit_hrs?: number;
  /** Largest problem in variables (hybrid). */
  readonly maximum_number_of_variables?: number;
  /** Largest problem in biases (hybrid). */
  readonly maximum_number_of_biases?: number;
  /** Solver version (hybrid). */
  readonly version?: string;
  /** Any other property, kept as SAPI sent it. */
  readonly [key: string]: unknown;
}

/** One solver as SAPI describes it. */
export interface SolverDescription {
  /** Name and version. */
  readonly identity: SolverIdentity;
  /** "ONLINE" for a solver that takes problems. */
  readonly status?: string;
  /** Human-readable description. */
  readonly description?: string;
  /** Average load, 0..1. */
  readonly avg_load?: number;
  /** What the solver offers and accepts. */
  readonly properties: SolverProperties;
}

/** True for a QPU ("structured") solver: ising/qubo with qubits and couplers. */
export function isQpuSolver(solver: SolverDescription): boolean {
  const p = solver.properties;
  return !!p.qubits && !!p.couplers &&
    !!p.supported_problem_types?.some((t) => t === "ising" || t === "qubo");
}

/** True for a hybrid BQM solver. */
export function isHybridBqmSolver(solver: SolverDescription): boolean {
  return !!solver.properties.supported_problem_types?.includes("bqm");
}

function lookup(solver: SolverDescription, path: string[]): unknown {
  const top: Record<string, unknown> = { ...solver.properties, ...solver };
  if (path[0] === "name") return solver.identity.name;
  if (path[0] === "graph_id") return solver.identity.version?.graph_id;
  if (path[0] === "online") return (solver.status ?? "ONLINE").toLowerCase() === "online";
  if (path[0] === "num_active_qubits") return solver.properties.qubits?.length;
  if (path[0] === "qpu") return isQpuSolver(solver);
  if (path[0] === "hybrid") return solver.properties.category === "hybrid";
  let value: unknown = top;
  for (const key of path) {
    value = value !== null && typeof value === "object"
      ? (value as Record<string, unknown>)[key]
      : undefined;
  }
  return value;
}

const OPERATORS: Record<string, (a: unknown, b: unknown) => boolean> = {
  eq: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  lt: (a, b) => (a as number) < (b as number),
  lte: (a, b) => (a as number) <= (b as number),
  gt: (a, b) => (a as number) > (b as number),
  gte: (a, b) => (a as number) >= (b as number),
  contains: (a, b) => Array.isArray(a) ? a.includes(b) : String(a ?? "").includes(String(b)),
  in: (a, b) => Array.isArray(b) && b.some((x) => JSON.stringify(x) === JSON.stringify(a)),
  regex: (a, b) => new RegExp(String(b)).test(String(a ?? "")),
};

/** Does a solver pass a feature filter? Unknown operators are an error naming the key. */
export function matchesFilter(solver: SolverDescription, filter: Record<string, unknown>): boolean {
  for (const [key, expected] of Object.entries(filter)) {
    if (key === "order_by") continue;
    const parts = key.split("__");
    const last = parts[parts.length - 1];
    const operator = parts.length > 1 && last in OPERATORS ? last : "eq";
    const path = operator === "eq" && last !== "eq" ? parts : parts.slice(0, -1);
    if (!OPERATORS[operator](lookup(solver, path), expected)) return false;
  }
  return true;
}

/** Picks the solver a sampler uses: by `spec` (name or JSON filter), else the best of `kind`. */
export function selectSolver(
  solvers: readonly SolverDescription[],
  kind: "qpu" | "hybrid",
  spec?: string,
): SolverDescription {
  const names = solvers.map((s) => s.identity.name);
  const ofKind = (s: SolverDescription) => kind === "qpu" ? isQpuSolver(s) : isHybridBqmSolver(s);
  const online = (s: SolverDescription) => (s.status ?? "ONLINE").toLowerCase() === "online";
  let candidates: SolverDescription[];
  let orderBy: string | undefined;
  const trimmed = spec?.trim();
  if (trimmed?.startsWith("{")) {
    let filter: Record<string, unknown>;
    try {
      filter = JSON.parse(trimmed);
    } catch {
      throw new UserError(
        `D-Wave solver filter ${trimmed} is not valid JSON; write it like {"topology__type": "zephyr"}.`,
        { code: "config" },
      );
    }
    orderBy = typeof filter.order_by === "string" ? filter.order_by : undefined;
    candidates = solvers.filter((s) => ofKind(s) && online(s) && matchesFilter(s, filter));
  } else if (trimmed) {
    const [name, ...versionParts] = trimmed.split(";");
    const graphId = versionParts.map((p) => p.split("=")).find(([k]) => k === "graph_id")?.[1];
    candidates = solvers.filter((s) =>
      s.identity.name === decodeURIComponent(name) &&
      (graphId === undefined || s.identity.version?.graph_id === decodeURIComponent(graphId))
    );
    if (candidates.length > 0 && !ofKind(candidates[0])) {
      throw new UserError(
        `D-Wave solver "${name}" is not a ${
          kind === "qpu" ? "QPU" : "hybrid BQM"
        } solver; use the dwave-${
          kind === "qpu" ? "hybrid" : "qpu"
        } sampler for it, or pick another solver.`,
        { code: "solver-kind" },
      );
    }
  } else {
    candidates = solvers.filter((s) => ofKind(s) && online(s));
  }
  if (candidates.length === 0) {
    throw new UserError(
      `No ${kind === "qpu" ? "QPU" : "hybrid BQM"} D-Wave solver matches ${
        trimmed ? JSON.stringify(trimmed) : "the defaults"
      }; available solvers: ${names.join(", ") || "(none)"}.`,
      { code: "solver" },
    );
  }
  const key = (s: SolverDescription): number => {
    if (orderBy) {
      const descending = orderBy.startsWith("-");
      const value = Number(lookup(s, orderBy.replace(/^-/, "").split(/[.]|__/)));
      return descending ? -value : value;
    }
    // Ocean's defaults: QPUs by largest working graph, hybrid by newest version.
    return kind === "qpu"
      ? -(s.properties.qubits?.length ?? 0)
      : -Number(s.properties.version ?? 0);
  };
  return [...candidates].sort((a, b) => key(a) - key(b))[0];
}

/** Minimum hybrid time limit for n variables: interpolation of minimum_time_limit, clamped. */
export function minimumTimeLimit(solver: SolverDescription, n: number): number {
  const table = solver.properties.minimum_time_limit;
  if (!table || table.length === 0) return 3;
  if (n <= table[0][0]) return table[0][1];
  for (let i = 1; i < table.length; i++) {
    const [x0, y0] = table[i - 1];
    const [x1, y1] = table[i];
    if (n <= x1) return y0 + (n - x0) * (y1 - y0) / (x1 - x0);
  }
  return table[table.length - 1][1];
}
