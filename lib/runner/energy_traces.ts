/**
 * Which class solves of a cell record the annealer's energy per sweep (pipeline opt-in
 * `sampler.params.traceEnergy: true`), and what a cell keeps of each: a few solves spread over
 * the iterations (classes 0 to 2 at iterations 1, 2, 4, 8, ...), so the report can show how
 * the anneal behaves as the fit improves at a cost of a few traced reads per cell.
 */
import { cholesky } from "../linalg/cholesky.ts";
import type { EnergyTraceRecord } from "../results/types.ts";
import { problemEnergy, type StructuredQubo } from "../structured_qubo.ts";
import { continuousStep, surrogateValue } from "../train/surrogate.ts";
import type { EnergyTrace } from "../../samplers/energy_trace.ts";

/** Classes traced at each traced iteration. */
export const TRACED_CLASSES = 3;

/** True for the solves a cell traces: classes 0..2 at iterations 1, 2, 4, 8, ... */
export function isTracedSolve(iteration: number, classIndex: number): boolean {
  return classIndex < TRACED_CLASSES && iteration >= 1 && (iteration & (iteration - 1)) === 0;
}

/** The sampler's trace, if its info holds a well-formed one. */
export function traceOf(info: Record<string, unknown>): EnergyTrace | undefined {
  const trace = info.energyTrace as EnergyTrace | undefined;
  if (!trace || !Array.isArray(trace.sweeps) || !Array.isArray(trace.energies)) return undefined;
  return trace.sweeps.length === trace.energies.length ? trace : undefined;
}

/**
 * One traced solve as a cell records it: the trace beside the energies of "do not move" (the
 * start state, the current weights) and of the continuous optimum, which put traces of
 * different iterations on one scale.
 */
export function traceRecord(
  task: {
    readonly iteration: number;
    readonly classIndex: number;
    readonly problem: StructuredQubo;
    readonly initialState: Uint8Array;
  },
  trace: EnergyTrace,
): EnergyTraceRecord {
  const { problem } = task;
  const step = continuousStep(cholesky(problem.h, problem.width), problem.gradient);
  return {
    iteration: task.iteration,
    classIndex: task.classIndex,
    sweeps: trace.sweeps,
    energies: trace.energies,
    stayEnergy: problemEnergy(problem, task.initialState),
    continuousEnergy: surrogateValue(problem.h, problem.width, problem.gradient, step),
  };
}
