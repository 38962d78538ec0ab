/**
 * How a run tells the outside world what it is doing. The CLI draws a progress bar; tests use
 * {@link silentReporter} or collect the events.
 */
import type { ProgressEvent } from "../progress.ts";
import type { CellSummary } from "../results/types.ts";

/** A cell of the run before it starts: what is known without its features. */
export interface CellPlan {
  /** The cell's id. */
  readonly id: string;
  /** Outer iterations planned. */
  readonly iterations: number;
  /** Bits per weight K. */
  readonly bits: number;
}

/** A cell about to train, with the work it plans. */
export interface CellStart {
  /** The cell's id. */
  readonly id: string;
  /** Outer iterations planned (the cell may stop earlier, on its tolerance or patience). */
  readonly iterations: number;
  /** Class QUBOs solved per iteration. */
  readonly classes: number;
  /** Bits per weight K: a solve's cost grows with n = (d+1)K. */
  readonly bits: number;
}

/** Callbacks of a run, all cheap. */
export interface RunReporter {
  /** The run starts `cells` cells; `plan` says what each will do, for progress by work. */
  begin(cells: number, plan?: readonly CellPlan[]): void;
  /** A cell starts training (after its features are ready). */
  cellStart?(cell: CellStart): void;
  /** One class solve of a running cell was computed (a cached solve does not call this). */
  solveDone?(cellId: string): void;
  /** An outer iteration of a running cell finished, its solves computed or reused. */
  iterationDone?(cellId: string, iteration: number): void;
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
