/**
 * Submit-or-resume around the problem journal: a QUBO whose problem id is journaled is polled
 * (and its answer fetched) instead of being submitted again; a problem SAPI no longer knows,
 * or one that failed or was cancelled, is dropped from the journal so the next run resubmits.
 */
import type { Qubo } from "../../lib/qubo.ts";
import type { SapiClient } from "./client.ts";
import { SapiError } from "./errors.ts";
import { problemKey } from "./journal.ts";
import { type ProblemJob, type SolvedProblem, solveProblem } from "./problems.ts";
import type { DwaveSession } from "./session.ts";

/** Solves a job once per (sampler, solver, params, QUBO), resuming a journaled problem. */
export async function runJournaled(
  session: DwaveSession,
  client: SapiClient,
  what: { sampler: string; solver: string; params: unknown; qubo: Qubo },
  makeJob: () => Promise<ProblemJob>,
  signal?: AbortSignal,
): Promise<{ solved: SolvedProblem; resumed: boolean }> {
  const journal = session.options.journal;
  const config = session.config();
  const key = journal
    ? await problemKey(what.sampler, what.solver, what.params, what.qubo)
    : undefined;
  const entry = key ? await journal!.get(key) : undefined;
  const poll = { signal, pollWaitTime: config.pollWaitTime, pollingTimeout: config.pollingTimeout };
  if (entry && key) {
    try {
      const solved = await solveProblem(client, {} as ProblemJob, {
        ...poll,
        resumeId: entry.problemId,
      });
      return { solved, resumed: true };
    } catch (error) {
      // Expired or unknown (404/410), failed or cancelled: forget it and submit afresh below.
      if (!(error instanceof SapiError) || signal?.aborted) throw error;
      await journal!.delete(key);
      if (error.status !== 404 && error.status !== 410) throw error;
    }
  }
  const job = await makeJob();
  try {
    const solved = await solveProblem(client, job, {
      ...poll,
      onSubmitted: key
        ? (id) =>
          journal!.set(key, {
            problemId: id,
            solver: what.solver,
            submittedAt: new Date().toISOString(),
          })
        : undefined,
    });
    return { solved, resumed: false };
  } catch (error) {
    // A failed or cancelled problem must be resubmitted next time, not resumed.
    if (key && error instanceof SapiError && error.status === 200) await journal!.delete(key);
    throw error;
  }
}
