/**
 * How library code reports long work without knowing about terminals: the CLI passes a
 * callback and renders it as a progress bar; tests pass nothing.
 */
export interface ProgressEvent {
  /** Short name of the work ("download mnist train-images", "features", "anneal"). */
  readonly label: string;
  /** Units done so far. */
  readonly done: number;
  /** Units in all, when known. */
  readonly total?: number;
  /** Unit name for display ("bytes", "images", "cells"). */
  readonly unit?: string;
}

/** A progress callback; cheap to call often. */
export type ProgressFn = (event: ProgressEvent) => void;
