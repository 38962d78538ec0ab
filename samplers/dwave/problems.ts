/**
 * The problem lifecycle (SAPI.md 4.1-4.3, 4.8): submit one job, long-poll its status until it
 * is terminal, fetch the answer; cancel it when the run is aborted. A known problem id (from a
 * journal of an interrupted run) is resumed by polling instead of resubmitting.
 *
 * Never paying twice: every job carries a unique label. When the answer to its submission is
 * lost (timeout, reset, torn body, 5xx), SAPI may have accepted it, so the label is looked up
 * and the problem SAPI holds is adopted; the job is sent again only when SAPI has none.
 */
import type { SapiClient } from "./client.ts";
import {
  abortError,
  PollingDeadlineError,
  ProblemEndedError,
  ResponseLostError,
  SapiError,
} from "./errors.ts";

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
  /** The problem's label on SAPI. */
  readonly label?: string;
  /** Whether a lost submission was found on SAPI by its label (not sent again). */
  readonly adopted?: boolean;
}

/** Options of {@link solveProblem}. */
export interface SolveOptions {
  readonly signal?: AbortSignal;
  /** Long-poll wait, 1..30 s. */
  readonly pollWaitTime?: number;
  /** Give up after this many seconds of polling (the problem is cancelled); none by default. */
  readonly pollingTimeout?: number;
  /** Poll this problem instead of submitting (resuming an interrupted run). */
  readonly resumeId?: string;
  /** Called once with the problem id as soon as SAPI accepts the job. */
  readonly onSubmitted?: (id: string) => void | Promise<void>;
  /** Submissions sent at most (lost answers whose label SAPI does not know), default 3. */
  readonly maxSubmissions?: number;
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

function terminalError(status: Record<string, unknown>): SapiError {
  const id = String(status.id);
  if (status.status === "CANCELLED") {
    return new ProblemEndedError(
      `D-Wave problem ${id} was cancelled outside this run (Leap dashboard or another client); run again to resubmit it.`,
      "CANCELLED",
    );
  }
  const message = String(status.error_message ?? "An unknown error has occurred.").replace(
    /\.$/,
    "",
  );
  const offline = /solver is offline/i.test(message);
  return new ProblemEndedError(
    `D-Wave problem ${id} failed: ${message}; ${
      offline
        ? "choose another solver or wait until it is back online"
        : "check the sampler parameters and run again"
    }.`,
    "FAILED",
  );
}

/** The problem SAPI holds under `label` (the first submitted), if any. */
export async function findProblemByLabel(
  client: SapiClient,
  label: string,
  solver: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | undefined> {
  const found = (await client.findProblemsByLabel(label, signal)).filter((p) => {
    const name = (p.solver as { name?: unknown } | undefined)?.name ?? p.solver;
    return name === undefined || name === solver;
  });
  found.sort((a, b) => String(a.submitted_on ?? "").localeCompare(String(b.submitted_on ?? "")));
  return found[0];
}

/** Sends a job once, or adopts the problem SAPI accepted when the answer was lost. */
async function submitOnce(
  client: SapiClient,
  job: ProblemJob,
  options: SolveOptions,
): Promise<{ item: Record<string, unknown>; adopted: boolean }> {
  const limit = options.maxSubmissions ?? 3;
  for (let sent = 1;; sent++) {
    try {
      // Not aborted mid-flight: SAPI may accept the job anyway, and we need its id to cancel it.
      const [item] = await client.submitProblems([job]) as Record<string, unknown>[];
      return { item, adopted: false };
    } catch (error) {
      if (!(error instanceof ResponseLostError) || !job.label) throw error;
      const found = await findProblemByLabel(client, job.label, job.solver.name);
      if (found) {
        client.log(
          `D-Wave: ${
            error.message.replace(/\.$/, "")
          }; SAPI holds problem ${found.id} labelled "${job.label}": using it, not submitting again`,
        );
        return { item: found, adopted: true };
      }
      if (sent >= limit) {
        throw new SapiError(
          `D-Wave's answer to ${sent} submissions of the problem labelled "${job.label}" was lost and SAPI holds no problem under that label; check the network and run again.`,
          error.status,
        );
      }
      client.log(
        `D-Wave: ${
          error.message.replace(/\.$/, "")
        }; SAPI holds no problem labelled "${job.label}": submitting it again (${
          sent + 1
        }/${limit})`,
      );
    }
  }
}

/** Submits (or resumes) one problem and waits for its answer. */
export async function solveProblem(
  client: SapiClient,
  job: ProblemJob,
  options: SolveOptions = {},
): Promise<SolvedProblem> {
  const { signal } = options;
  const clock = client.clock;
  const started = clock.now();
  let status: Record<string, unknown>;
  let adopted = false;
  if (options.resumeId) {
    status = { id: options.resumeId, status: "PENDING" };
  } else {
    const submitted = await submitOnce(client, job, options);
    const item = submitted.item;
    adopted = submitted.adopted;
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
  // No polling timeout by default, as D-Wave's client: a problem may wait in a long queue.
  const deadline = options.pollingTimeout === undefined
    ? Infinity
    : started + 1000 * options.pollingTimeout;
  const cancel = async (): Promise<boolean> => {
    try {
      await client.cancelProblems([id]);
      return true;
    } catch {
      return false; // Best effort: the run is stopping anyway.
    }
  };
  const timedOut = async () => {
    const cancelled = await cancel();
    return new SapiError(
      `D-Wave problem ${id} did not finish within polling_timeout ${options.pollingTimeout} s ${
        cancelled
          ? "and was cancelled; raise polling_timeout or try when the solver is less busy"
          : "and could not be cancelled (D-Wave unreachable); run again to resume it"
      }.`,
      0,
    );
  };
  try {
    while (!TERMINAL.has(String(status.status))) {
      if (signal?.aborted) throw abortError(signal);
      if (clock.now() > deadline) throw await timedOut();
      const statuses = await client.pollProblems(
        [id],
        options.pollWaitTime ?? 30,
        signal,
        deadline,
      );
      const mine = (statuses as Record<string, unknown>[]).find((s) => s && s.id === id);
      // SAPI leaves out ids it does not know: ask for the problem itself (404 if gone).
      status = mine ?? await client.getProblem(id, signal, deadline);
    }
    if (status.status === "COMPLETED" && status.answer === undefined) {
      status = await client.getProblem(id, signal, deadline);
    }
  } catch (error) {
    if (signal?.aborted) {
      await cancel();
      throw abortError(signal);
    }
    if (error instanceof PollingDeadlineError) throw await timedOut();
    throw error;
  }
  if (status.status !== "COMPLETED") throw terminalError(status);
  if (typeof status.answer !== "object" || !status.answer) {
    throw new SapiError(`D-Wave returned problem ${id} without an answer; run again.`, 200);
  }
  return {
    id,
    answer: status.answer as Record<string, unknown>,
    wallSeconds: (clock.now() - started) / 1000,
    submittedOn: status.submitted_on as string | undefined,
    solvedOn: status.solved_on as string | undefined,
    label: typeof status.label === "string" ? status.label : job.label,
    adopted,
  };
}
