/**
 * How a run tells the outside world what it is doing. The CLI draws a progress bar; tests use
 * {@link silentReporter} or collect the events.
 */
import type { ProgressEvent } from "../progress.ts";
import type { CellSummary } from "../results/types.ts";

/** Callbacks of a run, all cheap. */
export interface RunReporter {
  /** The run starts `cells` cells. */
  begin(cells: number): void;
  /** A named step starts (loading a dataset, writing the report). */
  stage(label: string): void;
  /** Progress inside a step (feature extraction). */
  progress(event: ProgressEvent): void;
  /** A cell finished; `cached` when its whole result came from the cache. */
  cellDone(cell: CellSummary, cached: boolean, solveHits: number, solveMisses: number): void;
  /** Something the user should know that does not stop the run. */
  warn(message: string): void;
  /** The run finished. */
  end(): void;
}

/** A reporter that ignores everything. */
export const silentReporter: RunReporter = {
  begin() {},
  stage() {},
  progress() {},
  cellDone() {},
  warn() {},
  end() {},
};
