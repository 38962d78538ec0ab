/**
 * Terminal progress for `run`: a bar of cells done with cache hits and time left on a TTY, one
 * line per finished cell otherwise (CI logs).
 */
import cliProgress from "cli-progress";
import type { ProgressEvent } from "../lib/progress.ts";
import type { CellSummary } from "../lib/results/types.ts";
import type { RunReporter } from "../lib/runner/reporter.ts";

/** A reporter writing to stderr, so stdout keeps only the results. */
export function terminalReporter(): RunReporter {
  const tty = Deno.stderr.isTerminal();
  const write = (line: string) => Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let done = 0;
  let cached = 0;
  let solveHits = 0;
  let solveMisses = 0;
  const started = performance.now();
  let lastFeatureLine = 0;
  return {
    begin(cells) {
      total = cells;
      if (tty) {
        bar = new cliProgress.SingleBar(
          {
            format:
              " {bar} {value}/{total} cells | {cached} cached | solves {hits} reused, {misses} run | {status} | ETA {eta_formatted}",
            barCompleteChar: "█",
            barIncompleteChar: "░",
            hideCursor: true,
            stream: process.stderr,
            etaBuffer: 4,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(cells, 0, { cached: 0, hits: 0, misses: 0, status: "starting" });
      }
    },
    stage(label) {
      if (bar) bar.update({ status: label });
      else write(`· ${label}`);
    },
    progress(event: ProgressEvent) {
      if (bar) {
        bar.update({ status: `${event.label} ${event.done}/${event.total ?? "?"}` });
      } else if (
        event.total && event.done === event.total && performance.now() - lastFeatureLine > 1000
      ) {
        lastFeatureLine = performance.now();
        write(`· ${event.label}: ${event.done} ${event.unit ?? ""}`.trimEnd());
      }
    },
    cellDone(cell: CellSummary, wasCached, hits, misses) {
      done++;
      if (wasCached) cached++;
      solveHits += hits;
      solveMisses += misses;
      if (bar) {
        bar.update(done, { cached, hits: solveHits, misses: solveMisses, status: cell.id });
      } else {
        const elapsed = (performance.now() - started) / 1000;
        write(
          `[${done}/${total}] ${cell.id}  test ${(100 * cell.testAccuracy).toFixed(1)}%  quality ${
            cell.solveQuality.toFixed(3)
          }  ${wasCached ? "cached" : `${cell.seconds.toFixed(1)} s`}  (elapsed ${
            elapsed.toFixed(0)
          } s)`,
        );
      }
    },
    warn(message) {
      if (bar) bar.update({ status: "warning" });
      write(`warning: ${message}`);
    },
    end() {
      bar?.stop();
    },
  };
}
