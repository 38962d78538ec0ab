/**
 * Terminal progress for `run`. On a TTY: a bar that moves with every solve (not only when a cell
 * ends), the cells running now, solves computed and reused, and an ETA from the measured solve
 * rate that does not jump around. Otherwise (CI logs): one line per finished cell.
 */
import cliProgress from "cli-progress";
import type { ProgressEvent } from "../lib/progress.ts";
import type { CellSummary } from "../lib/results/types.ts";
import type { CellPlan, CellStart, RunReporter } from "../lib/runner/reporter.ts";

interface CellWork {
  /** Work units the cell plans: iterations x classes x bits (a solve costs about n ~ K). */
  readonly planned: number;
  readonly perSolve: number;
  readonly perIteration: number;
  done: number;
  iterations: number;
  solvesThisIteration: number;
  finished: boolean;
}

/**
 * Work done and time left of a run, from its reporter events. Work is counted in solves weighted
 * by K (a solve's cost grows with n = (d+1)K), so a K = 20 cell counts four times a K = 5 one.
 * The ETA is the remaining work over the throughput measured since the first computed solve
 * (cached work is excluded from the rate), then smoothed so it counts down steadily instead of
 * jumping with each event.
 */
export class RunProgress {
  #cells = 0;
  #plan: readonly CellPlan[] = [];
  #shown = 0;
  #work = new Map<string, CellWork>();
  #computed = 0;
  #firstComputed?: number;
  #eta?: { value: number; at: number };
  #order: string[] = [];

  constructor(private readonly now: () => number = () => performance.now() / 1000) {}

  begin(cells: number, plan: readonly CellPlan[] = []): void {
    this.#cells = cells;
    this.#plan = plan;
  }

  cellStart(cell: CellStart): void {
    const perSolve = Math.max(1, cell.bits);
    this.#work.set(cell.id, {
      planned: cell.iterations * cell.classes * perSolve,
      perSolve,
      perIteration: cell.classes * perSolve,
      done: 0,
      iterations: 0,
      solvesThisIteration: 0,
      finished: false,
    });
    this.#order.push(cell.id);
  }

  solveDone(cellId: string): void {
    const w = this.#work.get(cellId);
    if (!w || w.finished) return;
    this.#firstComputed ??= this.now();
    this.#computed += w.perSolve;
    w.solvesThisIteration++;
    w.done = Math.min(
      w.planned,
      w.iterations * w.perIteration + w.solvesThisIteration * w.perSolve,
    );
  }

  iterationDone(cellId: string, iteration: number): void {
    const w = this.#work.get(cellId);
    if (!w || w.finished) return;
    w.iterations = Math.max(w.iterations, iteration);
    w.solvesThisIteration = 0;
    w.done = Math.min(w.planned, w.iterations * w.perIteration);
  }

  /** A cell ended: what it did not do (stopped early, or all cached) is no longer to do. */
  cellDone(cellId: string): void {
    const w = this.#work.get(cellId);
    if (!w) return;
    w.done = w.planned;
    w.finished = true;
  }

  /**
   * Work in all. A cell not started yet counts from its plan (iterations x K) with the classes
   * of the cells started so far; without a plan, as the mean started cell.
   */
  total(): number {
    const started = [...this.#work.values()];
    if (started.length === 0) return 0;
    const known = started.reduce((a, w) => a + w.planned, 0);
    const waiting = this.#plan.filter((p) => !this.#work.has(p.id));
    if (this.#plan.length > 0) {
      const classes = started.reduce((a, w) => a + w.perIteration / w.perSolve, 0) /
        started.length;
      return known + waiting.reduce((a, p) => a + p.iterations * classes * Math.max(1, p.bits), 0);
    }
    return known + Math.max(0, this.#cells - started.length) * (known / started.length);
  }

  done(): number {
    return [...this.#work.values()].reduce((a, w) => a + w.done, 0);
  }

  /** Fraction of the run's work done, 0 to 1; never goes back (estimates may shift). */
  fraction(): number {
    const total = this.total();
    this.#shown = Math.max(this.#shown, total > 0 ? Math.min(1, this.done() / total) : 0);
    return this.#shown;
  }

  /** Cells started and not finished, in start order. */
  running(): string[] {
    return this.#order.filter((id) => !this.#work.get(id)!.finished);
  }

  /**
   * Seconds left, or undefined while there is too little to go on (under 2 s of computing).
   * Between measurements the previous estimate counts down; each new measurement moves it
   * at most 30% of the way, so one slow solve cannot swing it from 45 s to 2m40s.
   */
  etaSeconds(): number | undefined {
    const t = this.now();
    if (this.#firstComputed === undefined) return undefined;
    const elapsed = t - this.#firstComputed;
    if (elapsed < 2 || this.#computed === 0) return undefined;
    const raw = (this.total() - this.done()) / (this.#computed / elapsed);
    if (!this.#eta) {
      this.#eta = { value: raw, at: t };
    } else {
      const counted = Math.max(0, this.#eta.value - (t - this.#eta.at));
      const weight = Math.min(0.3, (t - this.#eta.at) / 5);
      this.#eta = { value: counted + weight * (raw - counted), at: t };
    }
    return this.done() >= this.total() ? 0 : this.#eta.value;
  }
}

/** "45 s", "2m40s", "1h05m". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "estimating";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** "digits/seed=1/K=10/sa (+2 more)", cut to `width` characters. */
export function runningLabel(running: readonly string[], width: number): string {
  if (running.length === 0) return "";
  const more = running.length > 1 ? ` (+${running.length - 1} more)` : "";
  const text = `${running[0]}${more}`;
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}\u2026`;
}

/** A reporter writing to stderr, so stdout keeps only the results. */
export function terminalReporter(): RunReporter {
  const tty = Deno.stderr.isTerminal();
  const write = (line: string) => Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
  const progress = new RunProgress();
  let bar: cliProgress.SingleBar | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let total = 0;
  let done = 0;
  let cached = 0;
  let solveHits = 0;
  let solveMisses = 0;
  let status = "starting";
  // Solves computed by cells still running (finished cells report their own totals).
  const live = new Map<string, number>();
  const started = performance.now();
  let lastFeatureLine = 0;
  const columns = () => {
    try {
      return Deno.consoleSize().columns;
    } catch {
      return 80;
    }
  };
  const redraw = () => {
    if (!bar) return;
    const eta = formatDuration(progress.etaSeconds());
    const cells = `${done}/${total}`;
    const running = [...live.values()].reduce((a, b) => a + b, 0);
    const solves = `${solveMisses + running} run, ${solveHits} reused`;
    // Everything but the running cell's name has a fixed width; the name gets what is left.
    const fixed = ` ${"x".repeat(20)} 100% | ${cells} cells | ETA ${eta} |  | solves ${solves}`;
    const names = progress.running();
    bar.update(Math.round(1000 * progress.fraction()), {
      cells,
      solves,
      left: eta,
      status: names.length
        ? runningLabel(names, Math.max(12, columns() - fixed.length - 1))
        : status,
    });
  };
  return {
    begin(cells, plan) {
      total = cells;
      progress.begin(cells, plan);
      if (tty) {
        bar = new cliProgress.SingleBar(
          {
            format:
              " {bar} {percentage}% | {cells} cells | ETA {left} | {status} | solves {solves}",
            barCompleteChar: "\u2588",
            barIncompleteChar: "\u2591",
            barsize: 20,
            hideCursor: true,
            linewrap: false,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, 0, {
          cells: `0/${cells}`,
          solves: "0 run, 0 reused",
          left: "estimating",
          status,
        });
        // The ETA counts down between events too.
        timer = setInterval(redraw, 1000);
        Deno.unrefTimer(timer);
      }
    },
    cellStart(cell) {
      progress.cellStart(cell);
      redraw();
    },
    solveDone(cellId) {
      progress.solveDone(cellId);
      live.set(cellId, (live.get(cellId) ?? 0) + 1);
      redraw();
    },
    iterationDone(cellId, iteration) {
      progress.iterationDone(cellId, iteration);
      redraw();
    },
    stage(label) {
      status = label;
      if (bar) redraw();
      else write(`\u00b7 ${label}`);
    },
    progress(event: ProgressEvent) {
      if (bar) {
        status = `${event.label} ${event.done}/${event.total ?? "?"}`;
        redraw();
      } else if (
        event.total && event.done === event.total && performance.now() - lastFeatureLine > 1000
      ) {
        lastFeatureLine = performance.now();
        write(`\u00b7 ${event.label}: ${event.done} ${event.unit ?? ""}`.trimEnd());
      }
    },
    cellDone(cell: CellSummary, wasCached, hits, misses) {
      done++;
      if (wasCached) cached++;
      solveHits += hits;
      solveMisses += misses;
      progress.cellDone(cell.id);
      live.delete(cell.id);
      status = `${cached} cells cached`;
      if (bar) {
        redraw();
      } else {
        const elapsed = (performance.now() - started) / 1000;
        const eta = progress.etaSeconds();
        write(
          `[${done}/${total}] ${cell.id}  test ${(100 * cell.testAccuracy).toFixed(1)}%  quality ${
            cell.solveQuality.toFixed(3)
          }  ${wasCached ? "cached" : `${cell.seconds.toFixed(1)} s`}  (elapsed ${
            elapsed.toFixed(0)
          } s${eta === undefined || done === total ? "" : `, about ${formatDuration(eta)} left`})`,
        );
      }
    },
    warn(message) {
      if (bar) bar.update({ status: "warning" });
      write(`warning: ${message}`);
    },
    end() {
      if (timer !== undefined) clearInterval(timer);
      bar?.stop();
    },
  };
}
