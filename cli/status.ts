/** `status RESULTS_DIR`: where a `run --executor slurm` stands (cells done, running, failed). */
import type { Command } from "commander";
import {
  cellCounts,
  describeFailure,
  failed,
  observeSweep,
} from "../lib/executors/slurm/observe.ts";
import { readSubmission } from "../lib/executors/slurm/submission.ts";

/** The status report of one results directory, as lines. */
export async function sweepStatus(outDir: string): Promise<string[]> {
  const record = await readSubmission(outDir);
  const state = await observeSweep(record);
  const counts = cellCounts(state);
  const cached = record.cells.length - record.submitted.length;
  const lines = [
    `${record.pipelineName}: ${record.cells.length} cells, ${record.submitted.length} submitted ` +
    `${record.submittedAt} (${cached} were cached)`,
  ];
  if (state.shared) {
    lines.push(`shared stages: ${state.shared.state} (job ${state.shared.jobId})`);
  }
  lines.push(
    `cells: ${counts.done} done, ${counts.running} running, ${counts.pending} pending, ` +
      `${counts.failed} failed` + (record.jobs.cells ? ` (array ${record.jobs.cells.id})` : ""),
  );
  for (const cell of state.cells.filter(failed)) {
    lines.push(`  ${await describeFailure(`cell ${cell.cellId}`, cell)}`);
  }
  const assemble = state.assemble;
  if (assemble.state === "COMPLETED") {
    lines.push(`assembled: ${outDir}/summary.json`);
  } else if (failed(assemble)) {
    lines.push(`assembly: ${await describeFailure("assembly", assemble)}`);
  } else {
    lines.push(
      `assembly: ${assemble.state}` +
        (assemble.reason !== "None" ? ` (${assemble.reason})` : "") + ` (job ${assemble.jobId})`,
    );
  }
  if (counts.failed > 0 || (state.shared && failed(state.shared))) {
    lines.push(`run the same command again to submit only the cells not in the cache`);
  }
  return lines;
}

/** Adds `status`. */
export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("show where a `run --executor slurm` stands: cells done, running, failed")
    .argument("<results>", "the run's results directory")
    .action(async (outDir: string) => {
      for (const line of await sweepStatus(outDir)) console.log(line);
    });
}
