/**
 * What `plan` and `run` check before any work: every cell against the sampler it names, as the
 * sampler registry declares it. A problem that would fail mid-run (the exact sampler's size
 * limit, an unknown or out-of-range parameter, a D-Wave QUBO that embeds on no known QPU) is
 * reported with its cell up front, so no feature or training time is spent on a doomed sweep.
 */
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { featureGrid } from "../features/config.ts";
import { UserError } from "../errors.ts";
import { makeStructuredQubo } from "../structured_qubo.ts";
import { isUserError } from "../errors.ts";

import { samplerEntry } from "../../samplers/registry.ts";
import { describeValue } from "../../samplers/params.ts";
import { builtinSolvers } from "../../samplers/dwave/mock/solvers.ts";
import { isQpuSolver } from "../../samplers/dwave/solvers.ts";
import { planDwave } from "../../samplers/dwave/plan.ts";

/** Widths above this are not probed with a shape-only problem (limits refuse them anyway). */
const PROBE_MAX_WIDTH = 4096;

/**
 * The problems of one cell whose class QUBOs have `width` weights (d + 1) of K bits, as
 * sentences naming the cell and what to change; empty when the cell can run.
 */
export function preflightCell(cell: CellConfig, width: number): string[] {
  const problems: string[] = [];
  const entry = samplerEntry(cell.sampler.name);
  const n = width * cell.training.bits;
  const where = `cell ${cell.id}`;
  if (entry.maxVariables !== undefined && n > entry.maxVariables) {
    problems.push(
      `${where}: sampler "${entry.name}" takes at most ${entry.maxVariables} variables, but its class QUBOs have n = (d+1)K = ${width} x ${cell.training.bits} = ${n}; use "sa" or fewer features or bits.`,
    );
  }
  const params = cell.sampler.params;
  let valid = true;
  if (width <= PROBE_MAX_WIDTH) {
    const probe = makeStructuredQubo({
      h: identity(width),
      gradient: new Float64Array(width),
      center: new Float64Array(width),
      lower: new Float64Array(width),
      step: new Float64Array(width).fill(1),
      bits: cell.training.bits,
    });
    try {
      entry.validate(probe, params);
    } catch (error) {
      if (!isUserError(error)) throw error;
      problems.push(`${where}: ${(error as Error).message}`);
      valid = false;
    }
  }
  // Declared lower bounds hold in a pipeline even where the sampler alone allows less
  // (numSweeps: 0 returns the start state: every solve would "train" nothing).
  for (const spec of valid ? entry.params : []) {
    const value = params[spec.name];
    if (typeof value === "number" && spec.min !== undefined && value < spec.min) {
      problems.push(
        `${where}: sampler "${entry.name}" parameter "${spec.name}" must be at least ${spec.min} in a pipeline, got ${
          describeValue(value)
        }.`,
      );
    }
  }
  if (entry.name === "dwave-qpu") {
    const couplers = (n * (n - 1)) / 2;
    const plans = builtinSolvers().filter(isQpuSolver).map((s) => planDwave(n, couplers, s));
    if (plans.length > 0 && !plans.some((p) => p.fits)) {
      const largest = Math.max(...plans.map((p) => p.largestClique ?? 0));
      problems.push(
        `${where}: a class QUBO of n = ${n} variables embeds on none of the known QPU solvers (largest clique ${largest}); use fewer features or bits, or "dwave-hybrid".`,
      );
    }
  }
  return problems;
}

function identity(width: number): Float64Array {
  const h = new Float64Array(width * width);
  for (let j = 0; j < width; j++) h[j * width + j] = 1;
  return h;
}

/** d + 1 of a cell's features on images of the given size. */
export function cellWidth(cell: CellConfig, images: { height: number; width: number }): number {
  const grid = featureGrid(cell.features, images.height, images.width);
  return grid.filters * grid.height * grid.width + 1;
}

/** One UserError listing every cell that cannot run. */
export function preflightError(pipeline: Pipeline, problems: readonly string[]): UserError {
  const shown = problems.slice(0, 20);
  const more = problems.length - shown.length;
  return new UserError(
    `pipeline '${pipeline.file}': ${problems.length} problem${
      problems.length === 1 ? "" : "s"
    } found before any work:\n  ${shown.join("\n  ")}${more > 0 ? `\n  ... and ${more} more` : ""}`,
  );
}
