/**
 * A waiting submitter: polls the sweep's jobs, reports each finished cell through the run's
 * reporter (the same progress a local run shows), names failures with their cell, exit state and
 * log, and cancels what it submitted when interrupted.
 */
import { UserError } from "../../errors.ts";
import { readResultFile } from "../../results/json_file.ts";
import { type RunSummary, runSummarySchema } from "../../results/summary.ts";
import type { RunReporter } from "../../runner/reporter.ts";
import { scancel } from "./commands.ts";
import {
  cellCounts,
  cellTaskSummary,
  describeFailure,
  failed,
  observeSweep,
  settled,
  type SweepState,
} from "./observe.ts";
import { jobIds, type SubmissionRecord } from "./submission.ts";

/** How to wait. */
export interface WaitOptions {
  readonly reporter: RunReporter;
  readonly pollSeconds: number;
  readonly signal?: AbortSignal;
}

function pause(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Every job of the submission that has not ended, as scancel names them. */
function unsettledIds(state: SweepState, record: SubmissionRecord): string[] {
  const ids: string[] = [];
  if (state.shared && !settled(state.shared)) ids.push(state.shared.jobId);
  if (record.jobs.cells && state.cells.some((c) => !settled(c))) ids.push(record.jobs.cells.id);
  if (!settled(state.assemble)) ids.push(state.assemble.jobId);
  return ids;
}

async function cellFailures(state: SweepState): Promise<string[]> {
  const lines: string[] = [];
  for (const cell of state.cells.filter(failed)) {
    lines.push(await describeFailure(`cell ${cell.cellId}`, cell));
  }
  return lines;
}

/** Waits until the assembly job has written summary.json; returns that summary. */
export async function waitForSweep(
  record: SubmissionRecord,
  options: WaitOptions,
): Promise<RunSummary> {
  const { reporter } = options;
  const reported = new Set<number>();
  const warned = new Set<number>();
  let lastStatus = "";
  reporter.begin(record.submitted.length);
  try {
    for (;;) {
      const state = await observeSweep(record);
      for (const cell of state.cells) {
        if (cell.state === "COMPLETED" && !reported.has(cell.index)) {
          const summary = await cellTaskSummary(record, cell.index);
          if (!summary?.cells[0]) continue; // written by a previous run: look again
          reported.add(cell.index);
          reporter.cellDone(summary.cells[0], summary.cells[0].cached === true, 0, 0);
        } else if (failed(cell) && !warned.has(cell.index)) {
          warned.add(cell.index);
          reporter.warn(await describeFailure(`cell ${cell.cellId}`, cell));
        }
      }
      if (state.shared && failed(state.shared)) {
        await scancel(unsettledIds(state, record));
        throw new UserError(
          `${await describeFailure("the shared stages", state.shared)}; no cell ran`,
          { code: "scheduler" },
        );
      }
      if (state.assemble.state === "COMPLETED") {
        const summary = await readResultFile(
          `${record.outDir}/summary.json`,
          runSummarySchema,
          "Run summary",
        );
        reporter.end();
        return summary;
      }
      const failures = await cellFailures(state);
      const cellsSettled = state.cells.every(settled);
      if (failures.length > 0 && (cellsSettled || settled(state.assemble))) {
        // The assembly waits (afterok) for cells that will never all succeed.
        await scancel(unsettledIds(state, record));
        throw new UserError(
          `${failures.length} of ${record.submitted.length} submitted cells failed on Slurm; ` +
            "finished cells are in the cache: run the same command again to submit only the rest",
          { code: "scheduler", details: failures },
        );
      }
      if (failed(state.assemble)) {
        throw new UserError(await describeFailure("the assembly of the results", state.assemble), {
          code: "scheduler",
        });
      }
      const counts = cellCounts(state);
      const status = state.shared && !settled(state.shared)
        ? `slurm: shared stages ${state.shared.state.toLowerCase()}`
        : cellsSettled
        ? `slurm: assembling (${state.assemble.state.toLowerCase()})`
        : `slurm: ${counts.running} running, ${counts.pending} pending`;
      if (status !== lastStatus) reporter.stage(status);
      lastStatus = status;
      await pause(options.pollSeconds, options.signal);
    }
  } catch (error) {
    if (options.signal?.aborted) {
      // Ctrl-C on a waiting submitter: what it submitted goes too.
      await scancel(jobIds(record)).catch(() => {});
    }
    reporter.end();
    throw error;
  }
}
