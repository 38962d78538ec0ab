/**
 * Where a sweep's work runs. The runner plans the same cells and stages whatever the executor;
 * an executor only decides where each unit of work (the shared stages, one cell, the final
 * assembly of the results directory) runs: `local` runs them all in this process's Worker pool,
 * `slurm` submits them as jobs that each run this project's own CLI against the shared cache.
 * A batch system that runs indexed tasks (a Kubernetes Indexed Job) fits the same interface.
 */
import type { Pipeline } from "../pipeline/types.ts";
import type { RunSummary } from "../results/types.ts";
import type { RunReporter } from "../runner/reporter.ts";

/** The executors a pipeline or `--executor` may name. */
export const EXECUTOR_NAMES = ["local", "slurm"] as const;
/** An executor's name. */
export type ExecutorName = (typeof EXECUTOR_NAMES)[number];

/** One sweep to execute. */
export interface ExecutionRequest {
  readonly pipeline: Pipeline;
  /** Results directory (created). */
  readonly outDir: string;
  /** Cache directory shared by every unit of work. */
  readonly cacheDir: string;
  /** Local: parallel cells and solves. Slurm: the array's %N throttle (absent: no throttle). */
  readonly jobs?: number;
  /** Builds the report at the end. */
  readonly report: boolean;
  /** Empties a used outDir first (only when it holds nothing but results). */
  readonly clearOut?: boolean;
  readonly reporter: RunReporter;
  /** Ctrl-C: a waiting executor stops (and cancels what it submitted). */
  readonly signal?: AbortSignal;
}

/** What an execution ended with. */
export type ExecutionOutcome =
  | { readonly kind: "finished"; readonly outDir: string; readonly summary: RunSummary }
  | {
    /** Submitted and not waited for (`--detach`): `status RESULTS_DIR` reports later. */
    readonly kind: "detached";
    readonly outDir: string;
    readonly jobIds: readonly string[];
  };

/** Runs the units of a sweep somewhere. */
export interface Executor {
  readonly name: ExecutorName;
  execute(request: ExecutionRequest): Promise<ExecutionOutcome>;
}
