/**
 * Opt-in energy traces of the local annealer ("sa" with traceEnergy): the energy of one read
 * after every sweep, read off the kernels' own work arrays through their after-sweep hook
 * (anneal.ts SweepHook). Recording reads the state and never writes it or draws a random
 * number, so a traced read follows the same chain as an untraced one; the cost is one O(n) pass
 * per sweep, paid only by the traced read.
 */
import type { Qubo } from "../lib/qubo.ts";
import type { StructuredQubo } from "../lib/structured_qubo.ts";
import type { AnnealWork, SweepHook } from "./anneal.ts";
import type { StructuredWork } from "./anneal_structured.ts";

/** The energy of one read against the sweeps done (sweep 0: the initial state). */
export interface EnergyTrace {
  /** Sweeps done when each energy was taken, ascending, first 0 and last numSweeps. */
  readonly sweeps: number[];
  /** Energy (QUBO units, offset included) after those sweeps. */
  readonly energies: number[];
}

/** Most points a trace keeps (evenly spaced over the sweeps, first and last included). */
export const TRACE_MAX_POINTS = 200;

/**
 * E = offset + sum_i b_i (f_i + Q_ii) / 2 with the dense kernel's local fields
 * f_i = Q_ii + 2 sum_{j != i} Q_ij b_j: the state's energy in O(n).
 */
export function denseWorkEnergy(qubo: Qubo, work: AnnealWork): number {
  const { n, q } = qubo;
  const { field, sign } = work;
  let energy = qubo.offset;
  for (let i = 0; i < n; i++) if (sign[i] < 0) energy += 0.5 * (field[i] + q[i * n + i]);
  return energy;
}

/**
 * f(D) = g^T D + 1/2 D^T H D = 1/2 D^T (g + slope) with the structured kernel's slope
 * g + H D and D decoded from its signs, or from work.level when `fromLevels` (weight moves keep
 * the levels and write the signs only at the end): the state's energy in O(n). `displacement`
 * is scratch of the problem's width.
 */
export function structuredWorkEnergy(
  problem: StructuredQubo,
  work: StructuredWork,
  displacement: Float64Array,
  fromLevels = false,
): number {
  const { width, bits, lower, step, center, gradient } = problem;
  const { sign, slope } = work;
  if (fromLevels) displacement.set(work.level);
  else {
    displacement.fill(0);
    for (let k = 0, i = 0, scale = 1; k < bits; k++, scale *= 2) {
      for (let j = 0; j < width; j++, i++) if (sign[i] < 0) displacement[j] += scale;
    }
  }
  let energy = 0;
  for (let j = 0; j < width; j++) {
    const d = lower[j] + step[j] * displacement[j] - center[j];
    energy += 0.5 * d * (gradient[j] + slope[j]);
  }
  return energy;
}

/** Collects a read's energy after every sweep; `finish` thins it to TRACE_MAX_POINTS. */
export class EnergyRecorder {
  private readonly values: Float64Array;
  private done = 0;
  /** The hook to hand the kernel. */
  readonly hook: SweepHook;

  /** `initial`: the energy of the start state; `measure` reads the current one. */
  constructor(numSweeps: number, initial: number, measure: () => number) {
    this.values = new Float64Array(numSweeps + 1);
    this.values[0] = initial;
    this.hook = () => {
      this.values[++this.done] = measure();
    };
  }

  /** The recorded trace, at most TRACE_MAX_POINTS points. */
  finish(): EnergyTrace {
    const last = this.done;
    const count = Math.min(last + 1, TRACE_MAX_POINTS);
    const sweeps: number[] = [];
    const energies: number[] = [];
    for (let p = 0; p < count; p++) {
      const sweep = count === 1 ? 0 : Math.round((p * last) / (count - 1));
      sweeps.push(sweep);
      energies.push(this.values[sweep]);
    }
    return { sweeps, energies };
  }
}
