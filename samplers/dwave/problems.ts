/**
 * The problem lifecycle (SAPI.md 4.1-4.3, 4.8): submit one job, long-poll its status until it
 * is terminal, fetch the answer; cancel it when the run is aborted. A known problem id (from a
 * journal of an interrupted run) is resumed by polling instead of resubmitting.
 */
import type { SapiClient } from "./client.ts";
import { abortError, SapiError } from "./errors.ts";

/** A problem job as SAPI takes it (representation v3). */
export interface ProblemJob {
  readonly solver: { readonly name: string; readonly version?: Record<string, unknown> };
  readonly type: "ising" | "qubo" | "bqm";
  readonly data: Record<string, unknown>;
  readonly params: Record<string, unknown>;
  readonly label?: string;
}

/** A finished problem. */
export interface SolvedProblem {
  readonly id: string;
  readonly answer: Record<string, unknown>;
  /** Seconds from submission (or resumption) to answer, measured here. */
  readonly wallSeconds: number;
  readonly submittedOn?: string;
  readonly solvedOn?: string;
}

/** Options of {@link solveProblem}. */
export interface SolveOptions {
  readonly signal?: AbortSignal;
  /** Long-poll wait, 1..30 s. */
  readonly pollWaitTime?: number;
  /** Give up after this many seconds of polling (the problem is cancelled). */
  readonly pollingTimeout?: number;
  /** Poll this problem instead of submitting (resuming an interrupted run). */
  readonly resumeId?: string;
  /** Called once with the problem id as soon as SAPI accepts the job. */
  readonly onSubmitted?: (id: string) => void | Promise<void>;
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

function terminalError(status: Record<string, unknown>): SapiError {
  const id = String(status.id);
  if (status.status === "CANCELLED") {
    return new SapiError(
      `D-Wave problem ${id} was cancelled outside this run (Leap dashboard or another client); run again to resubmit it.`,
      200,
    );
  }
  const message = String(status.error_message ?? "An unknown error has occurred.").replace(
    /\.$/,
    "",
  );
  const offline = /solver is offline/i.test(message);
  return new SapiError(
    `D-Wave problem ${id} failed: ${message}; ${
      offline
        ? "choose another solver or wait until it is back online"
        : "check the sampler parameters and run again"
    }.`,
    200,
  );
}

/** Submits (or resumes) one problem and waits for its answer. */
export async function solveProblem(
  client: SapiClient,
  job: ProblemJob,
  options: SolveOptions = {},
): Promise<SolvedProblem> {
  const { signal } = options;
  const started = performance.now();
  let status: Record<string, unknown>;
  if (options.resumeId) {
    status = { id: options.resumeId, status: "PENDING" };
  } else {
    // Not aborted mid-flight: SAPI may accept the job anyway, and we need its id to cancel it.
    const [item] = await client.submitProblems([job]) as Record<string, unknown>[];
    if (!item || typeof item !== "object") {
      throw new SapiError("D-Wave answered a submission with an empty list; try again.", 200);
    }
    if (item.error_code !== undefined && item.id === undefined) {
      const message = String(item.error_msg ?? "unknown error").replace(/\.$/, "");
      throw new SapiError(
        `D-Wave refused the problem for solver "${job.solver.name}": ${message}; check the sampler parameters and the solver's limits.`,
        Number(item.error_code),
        Number(item.error_code),
      );
    }
    status = item;
    await options.onSubmitted?.(String(item.id));
    if (signal?.aborted) {
      await client.cancelProblems([String(item.id)]).catch(() => {});
      throw abortError(signal);
    }
  }
  const id = String(status.id);
  const deadline = options.pollingTimeout === undefined
    ? Infinity
    : started + 1000 * options.pollingTimeout;
  const cancel = async () => {
    try {
      await client.cancelProblems([id]);
    } catch {
      // Best effort: the run is stopping anyway.
    }
  };
  try {
    while (!TERMINAL.has(String(status.status))) {
      if (signal?.aborted) throw abortError(signal);
      if (performance.now() > deadline) {
        await cancel();
        throw new SapiError(
          `D-Wave problem ${id} did not finish within polling_timeout ${options.pollingTimeout} s and was cancelled; raise polling_timeout or try when the solver is less busy.`,
          0,
        );
      }
      const statuses = await client.pollProblems([id], options.pollWaitTime ?? 30, signal);
      const mine = (statuses as Record<string, unknown>[]).find((s) => s && s.id === id);
      // SAPI leaves out ids it does not know: ask for the problem itself (404 if gone).
      status = mine ?? await client.getProblem(id, signal);
    }
  } catch (error) {
    if (signal?.aborted) {
      await cancel();
      throw abortError(signal);
    }
    throw error;
  }
  if (status.status !== "COMPLETED") throw terminalError(status);
  if (status.answer === undefined) status = await client.getProblem(id, signal);
  if (status.status !== "COMPLETED" || typeof status.answer !== "object" || !status.answer) {
    throw new SapiError(`D-Wave returned problem ${id} without an answer; run again.`, 200);
  }
  return {
    id,
    answer: status.answer as Record<string, unknown>,
    wallSeconds: (performance.now() - started) / 1000,
    submittedOn: status.submitted_on as string | undefined,
    solvedOn: status.solved_on as string | undefined,
  };
}
