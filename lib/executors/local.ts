/** The `local` executor: every unit of work in this process (today's Worker pool). */
import { runPipeline } from "../runner/run_pipeline.ts";
import type { ExecutionOutcome, ExecutionRequest, Executor } from "./executor.ts";

/** Runs the whole sweep here, as `run` always has. */
export const localExecutor: Executor = {
  name: "local",
  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const { outDir, summary } = await runPipeline({
      pipeline: request.pipeline,
      outDir: request.outDir,
      clearOut: request.clearOut,
      cacheDir: request.cacheDir,
      jobs: request.jobs,
      signal: request.signal,
      reporter: request.reporter,
      report: request.report,
    });
    return { kind: "finished", outDir, summary };
  },
};
