/**
 * Where a class solve runs: a local sampler on the Worker pool, a remote one (D-Wave) through
 * one session per run. The sampler registry says which, and in which problem form: a sampler
 * that takes only dense problems gets the dense matrix, built here and nowhere earlier.
 */
import { problemForm, toDense } from "../structured_qubo.ts";
import { samplerEntry } from "../../samplers/registry.ts";
import type { Sampler } from "../../samplers/sampler.ts";
import { createDwaveSampler, type DwaveSamplerName } from "../../samplers/dwave/factory.ts";
import { FileJournal } from "../../samplers/dwave/journal.ts";
import { type DwaveOptions, DwaveSession } from "../../samplers/dwave/session.ts";
import type { SolveDispatch } from "./cell_stage.ts";
import type { RunReporter } from "./reporter.ts";
import { SolvePool } from "./worker_pool.ts";
import type { SoftmaxEvaluator } from "../train/train_head.ts";
import type { BaselineFitter } from "../baselines/run_fit.ts";

/** A run's dispatcher and how to shut it down. */
export interface SolveDispatcher {
  readonly dispatch: SolveDispatch;
  /** The training loop's softmax passes, on the same Worker pool as the local solves. */
  readonly evaluate: SoftmaxEvaluator;
  /** Baseline fits, on the same pool. */
  readonly fitBaseline: BaselineFitter;
  /**
   * Waits for remote solves in flight (they are paid for: their answers are cached; at most
   * 10 s when the run was aborted), then stops the Workers.
   */
  close(aborted: boolean): Promise<void>;
}

/** Options of the dispatcher. */
export interface DispatchOptions {
  /** Workers of the local pool. */
  readonly jobs: number;
  readonly cacheDir: string;
  readonly reporter: RunReporter;
  /** D-Wave configuration; the problem journal defaults to <cacheDir>/dwave-problems. */
  readonly dwave?: DwaveOptions;
  /** The caller's signal (Ctrl-C): the only one that cancels remote problems. */
  readonly signal?: AbortSignal;
}

/** Creates the dispatcher of one run; nothing starts until the first solve. */
export function createSolveDispatcher(options: DispatchOptions): SolveDispatcher {
  let pool: SolvePool | undefined;
  const localPool = () => (pool ??= new SolvePool(options.jobs));
  const remote = new Map<string, Sampler>();
  let session: DwaveSession | undefined;
  const dwaveSession = (): DwaveSession =>
    session ??= new DwaveSession({
      ...options.dwave,
      journal: options.dwave?.journal ?? new FileJournal(`${options.cacheDir}/dwave-problems`),
      log: options.dwave?.log ?? ((line: string) => options.reporter.warn(line)),
    });
  // Remote solves still running when the run stops (a sibling cell failed, Ctrl-C).
  const inFlight = new Set<Promise<void>>();
  const dispatch: SolveDispatch = (name, problem, params, signal) => {
    const entry = samplerEntry(name);
    const given = entry.forms.includes(problemForm(problem)) ? problem : toDense(problem);
    if (entry.location === "local") {
      return localPool().solve(name, given, params, signal);
    }
    let sampler = remote.get(name);
    if (!sampler) {
      sampler = createDwaveSampler(name as DwaveSamplerName, { session: dwaveSession() });
      remote.set(name, sampler);
    }
    // Not the cell's signal: when another cell fails, problems in flight finish and are cached
    // (they are paid for); only the caller's signal (Ctrl-C) cancels them.
    const solving = sampler.sample(toDense(given), params, options.signal);
    const settled = solving.then(() => {}, () => {}).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
    return solving;
  };
  return {
    dispatch,
    evaluate: (input) => localPool().evaluate(input),
    fitBaseline: (problem, request) => localPool().fitBaseline(problem, request),
    async close(aborted) {
      await settle(inFlight, aborted ? 10 : Infinity);
      pool?.close();
    },
  };
}

/** Waits until `pending` is empty, or at most `seconds`. */
async function settle(pending: Set<Promise<void>>, seconds: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<void>((resolve) => {
    if (Number.isFinite(seconds)) {
      timer = setTimeout(() => {
        expired = true;
        resolve();
      }, seconds * 1000);
    }
  });
  try {
    while (pending.size > 0 && !expired) await Promise.race([Promise.all(pending), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
