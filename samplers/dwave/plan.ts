/**
 * Planning without submitting: for a QUBO size and a solver, whether it fits, the embedding's
 * chain length and the expected solver time (hybrid: the minimum time limit; QPU: D-Wave's
 * QPU access-time model of SAPI.md 5.7), plus where solver descriptions come from offline.
 */
import { cannotEmbedMessage } from "./qpu_sampler.ts";
import { cliqueEmbedderFor } from "./clique_embedding.ts";
import { builtinSolvers } from "./mock/solvers.ts";
import { type DwaveOptions, DwaveSession } from "./session.ts";
import {
  isHybridBqmSolver,
  isQpuSolver,
  minimumTimeLimit,
  type SolverDescription,
} from "./solvers.ts";

/** What `plan` shows for one QUBO size on one solver. */
export interface DwavePlan {
  /** Solver name. */
  readonly solver: string;
  /** QPU or hybrid solver. */
  readonly kind: "qpu" | "hybrid";
  /** Whether the QUBO fits the solver (see reason otherwise). */
  readonly fits: boolean;
  /** Longest chain of the clique embedding (QPU), 1 for hybrid solvers. */
  readonly chainLength?: number;
  /** Physical qubits the embedding uses (QPU). */
  readonly physicalQubits?: number;
  /** Expected solver time per QUBO in seconds (QPU access time, or hybrid time limit). */
  readonly expectedSeconds?: number;
  /** Largest clique the QPU admits. */
  readonly largestClique?: number;
  /** Why it does not fit. */
  readonly reason?: string;
}

function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + (x - xs[i - 1]) * (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]);
  }
  return ys[ys.length - 1];
}

/** QPU access time in seconds (D-Wave's estimate_qpu_access_time, timing model 1.0.x). */
export function estimateQpuAccessSeconds(
  solver: SolverDescription,
  activeQubits: number,
  numReads = 100,
  annealingTime?: number,
): number {
  const p = solver.properties;
  const t = (p.problem_timing_data ?? {}) as Record<string, unknown>;
  const num = (key: string, fallback: number) =>
    typeof t[key] === "number" ? t[key] as number : fallback;
  const anneal = annealingTime ?? num("default_annealing_time", p.default_annealing_time ?? 20);
  const programming = num("typical_programming_time", 14000) +
    num("default_programming_thermalization", 1000);
  const model = t.readout_time_model_parameters as number[] | undefined;
  let readout = 100;
  if (model && model.length >= 4) {
    const half = model.length / 2;
    const xs = model.slice(0, half);
    const ys = model.slice(half);
    readout = t.readout_time_model === "pwl_linear"
      ? interpolate(xs, ys, activeQubits)
      : 10 ** interpolate(xs, ys, Math.log10(Math.max(1, activeQubits)));
  }
  const perSample = anneal + readout + num("qpu_delay_time_per_sample", 20) +
    num("default_readout_thermalization", 0);
  return (numReads * perSample + programming) / 1e6;
}

/** Plans one QUBO of n variables and `couplers` couplings on a solver, without submitting. */
export function planDwave(
  n: number,
  couplers: number,
  solver: SolverDescription,
  options: { numReads?: number; annealingTime?: number } = {},
): DwavePlan {
  const name = solver.identity.name;
  const p = solver.properties;
  if (isQpuSolver(solver)) {
    const embedder = cliqueEmbedderFor(solver);
    if (!embedder) {
      return {
        solver: name,
        kind: "qpu",
        fits: false,
        reason: `topology ${p.topology?.type} is not supported`,
      };
    }
    const largest = embedder.capacity().largest;
    const embedding = embedder.embed(n);
    if (!embedding) {
      return {
        solver: name,
        kind: "qpu",
        fits: false,
        largestClique: largest,
        reason: cannotEmbedMessage(n, name, largest),
      };
    }
    const physical = embedding.chains.reduce((sum, c) => sum + c.length, 0);
    return {
      solver: name,
      kind: "qpu",
      fits: true,
      chainLength: embedding.maxChainLength,
      physicalQubits: physical,
      largestClique: largest,
      expectedSeconds: estimateQpuAccessSeconds(
        solver,
        physical,
        options.numReads,
        options.annealingTime,
      ),
    };
  }
  const maxVariables = p.maximum_number_of_variables ?? Infinity;
  const maxBiases = p.maximum_number_of_biases ?? Infinity;
  const fits = isHybridBqmSolver(solver) && n <= maxVariables && n + couplers <= maxBiases;
  return {
    solver: name,
    kind: "hybrid",
    fits,
    chainLength: 1,
    expectedSeconds: minimumTimeLimit(solver, n),
    ...(fits ? {} : {
      reason: n > maxVariables
        ? `${n} variables exceed the limit of ${maxVariables}`
        : `${n + couplers} biases exceed the limit of ${maxBiases}`,
    }),
  };
}

/**
 * Solver descriptions for planning: from SAPI when a token is configured, else the built-in
 * realistic descriptions (so `plan` works offline). `source` says which.
 */
export async function solversForPlanning(
  options: DwaveOptions = {},
): Promise<{ solvers: SolverDescription[]; source: "sapi" | "builtin" }> {
  const session = new DwaveSession(options);
  if (!session.config().token) return { solvers: builtinSolvers(), source: "builtin" };
  return { solvers: await session.solvers(), source: "sapi" };
}
