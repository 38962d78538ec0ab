/**
 * The `slurm` executor: finds what the cache lacks, submits it (submit.ts), then waits and
 * reports (wait.ts) unless detached.
 */
import { resolve } from "node:path";
import type { ExecutionOutcome, ExecutionRequest, Executor } from "../executor.ts";
import { cacheStatus } from "../cache_status.ts";
import type { ExecutorSettings } from "../settings.ts";
import { requireSbatch } from "./commands.ts";
import { submitSweep } from "./submit.ts";
import { jobIds } from "./submission.ts";
import { waitForSweep } from "./wait.ts";

/** A Slurm executor with these settings; `detach` returns after submitting. */
export function slurmExecutor(settings: ExecutorSettings, detach = false): Executor {
  return {
    name: "slurm",
    async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
      const { pipeline, reporter } = request;
      const outDir = resolve(request.outDir);
      const cacheDir = resolve(request.cacheDir);
      await requireSbatch();
      reporter.stage("looking up the cache");
      const status = await cacheStatus(pipeline, cacheDir);
      const record = await submitSweep({
        pipeline,
        pipelineFile: resolve(pipeline.file),
        outDir,
        cacheDir,
        settings,
        jobs: request.jobs,
        report: request.report,
      }, status);
      const { shared, cells, assemble } = record.jobs;
      reporter.stage(
        `submitted ${status.missingCells.length} of ${pipeline.cells.length} cells` +
          ` (${pipeline.cells.length - status.missingCells.length} cached):` +
          (shared ? ` shared ${shared.id},` : "") +
          (cells ? ` cells ${cells.id},` : "") + ` assembly ${assemble.id}`,
      );
      if (detach) return { kind: "detached", outDir, jobIds: jobIds(record) };
      const summary = await waitForSweep(record, {
        reporter,
        pollSeconds: settings.pollSeconds,
        signal: request.signal,
      });
      return { kind: "finished", outDir, summary };
    },
  };
}
