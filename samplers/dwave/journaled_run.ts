/**
 * Submit-or-resume around the problem journal. A QUBO whose problem is journaled is polled (and
 * its answer fetched) instead of being submitted again; one journaled only by its label (the run
 * stopped before SAPI's answer came) is looked up on SAPI by that label. A journaled problem that
 * was cancelled (most often by the Ctrl-C of the run that submitted it) or that SAPI no longer
 * knows is submitted afresh; a failed one is forgotten and its failure reported.
 */
import type { Qubo } from "../../lib/qubo.ts";
import type { SapiClient } from "./client.ts";
import { ProblemEndedError, SapiError } from "./errors.ts";
import { type JournalEntry, problemKey } from "./journal.ts";
import {
  findProblemByLabel,
  type ProblemJob,
  type SolvedProblem,
  solveProblem,
} from "./problems.ts";
import type { DwaveSession } from "./session.ts";

/**
 * A fresh label: the user's own (if any, shortened to keep within SAPI's 1024 characters) and a
 * unique tag SAPI can be searched by.
 */
export function uniqueLabel(userLabel: string | undefined): string {
  const tag = `qubo-cnn:${crypto.randomUUID()}`;
  return userLabel ? `${userLabel.slice(0, 1024 - tag.length - 1)} ${tag}` : tag;
}

function gone(error: unknown): boolean {
  return error instanceof SapiError && (error.status === 404 || error.status === 410);
}

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
  const poll = { signal, pollWaitTime: config.pollWaitTime, pollingTimeout: config.pollingTimeout };
  const entry = key ? await journal!.get(key) : undefined;
  if (entry && key) {
    let resumed: SolvedProblem | undefined;
    try {
      resumed = await resume(client, entry, what.solver, poll, async (problemId) => {
        await journal!.set(key, { ...entry, problemId });
      });
    } catch (error) {
      // A failed problem is reported once; the next run submits it afresh.
      if (error instanceof ProblemEndedError) await journal!.delete(key);
      throw error;
    }
    if (resumed) return { solved: resumed, resumed: true };
    await journal!.delete(key);
  }
  let job = await makeJob();
  // One resubmission when SAPI forgets a problem while it is polled (server reset); the job is
  // made again, since a reset server has lost its uploads too.
  for (let attempt = 0;; attempt++) {
    const label = uniqueLabel(job.label);
    const record: JournalEntry = {
      label,
      solver: what.solver,
      submittedAt: new Date().toISOString(),
    };
    if (key) await journal!.set(key, record);
    try {
      const solved = await solveProblem(client, { ...job, label }, {
        ...poll,
        onSubmitted: key ? (id) => journal!.set(key, { ...record, problemId: id }) : undefined,
      });
      return { solved, resumed: false };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (attempt === 0 && gone(error)) {
        client.log(`D-Wave: ${(error as Error).message.replace(/\.$/, "")}; submitting it again`);
        job = await makeJob();
        continue;
      }
      // A failed or cancelled problem must be resubmitted next time, not resumed.
      if (key && error instanceof ProblemEndedError) await journal!.delete(key);
      throw error;
    }
  }
}

/** The answer of a journaled problem, or undefined when it must be submitted afresh. */
async function resume(
  client: SapiClient,
  entry: JournalEntry,
  solver: string,
  poll: { signal?: AbortSignal; pollWaitTime: number; pollingTimeout?: number },
  found: (problemId: string) => Promise<void>,
): Promise<SolvedProblem | undefined> {
  let problemId = entry.problemId;
  if (problemId === undefined && entry.label) {
    const held = await findProblemByLabel(client, entry.label, solver, poll.signal);
    if (!held) return undefined; // never reached SAPI: nothing was paid for
    problemId = String(held.id);
    client.log(
      `D-Wave: found problem ${problemId} of the interrupted run by its label "${entry.label}": using it, not submitting again`,
    );
    await found(problemId);
  }
  if (problemId === undefined) return undefined;
  try {
    return await solveProblem(client, {} as ProblemJob, { ...poll, resumeId: problemId });
  } catch (error) {
    if (poll.signal?.aborted) throw error;
    if (error instanceof ProblemEndedError && error.problemStatus === "CANCELLED") {
      client.log(`D-Wave: journaled problem ${problemId} was cancelled; submitting it again`);
      return undefined;
    }
    if (gone(error)) {
      client.log(
        `D-Wave: SAPI no longer knows journaled problem ${problemId}; submitting it again`,
      );
      return undefined;
    }
    throw error; // FAILED, or SAPI unreachable (the entry stays for the next run)
  }
}
