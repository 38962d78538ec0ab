/**
 * Runs a pipeline: every cell (dataset -> features -> gram -> QUBO loop -> evaluate) and the
 * baselines, through the content-addressed cache, then writes the results directory
 * (results_writer.ts) and the report. Cells run concurrently and their class solves share one
 * Worker pool (solve_dispatch.ts), both bounded by `jobs`.
 */
import { canonicalJson } from "../cache/canonical.ts";
import { type CacheEvent, openCache } from "../cache/store.ts";
import { loadDataset } from "../datasets/load.ts";
import type { Dataset } from "../datasets/types.ts";
import { isUserError, UserError } from "../errors.ts";
import { datasetLabel } from "../pipeline/cell_id.ts";
import { checkPipelineLimits } from "../pipeline/limits.ts";
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { createResultsDir, removeIfUnused } from "../results/out_dir.ts";
import type { RunLabels } from "../experiments/labels.ts";
import type { BaselineSummary, CellSummary, RunSummary } from "../results/types.ts";
import type { DwaveOptions } from "../../samplers/dwave/session.ts";
import { forcedStages } from "../stages/force.ts";
import { runBaselines } from "./baseline_stage.ts";
import { type SolveDispatch, trainCell } from "./cell_stage.ts";
import { datasetKey, type PreparedFeatures, prepareFeatures } from "./feature_stage.ts";
import { cellWidth, preflightCell, preflightError } from "./preflight.ts";
import type { RunReporter } from "./reporter.ts";
import { type ManifestCellKeys, writeCellResults, writeRunFiles } from "./results_writer.ts";
import { createSolveDispatcher } from "./solve_dispatch.ts";

/** Options of one run. */
export interface RunOptions {
  /** The loaded pipeline to run. */
  readonly pipeline: Pipeline;
  /**
   * Results directory (claimed new or empty, never mixed: lib/results/out_dir.ts); default
   * results/<pipeline>-<timestamp>, made unique.
   */
  readonly outDir?: string;
  /** Empty a used outDir first (only when it holds nothing but results). */
  readonly clearOut?: boolean;
  /** Overrides the pipeline's cacheDir. */
  readonly cacheDir?: string;
  /** Parallel cells and Worker solves (default: the number of cores). */
  readonly jobs?: number;
  /** Aborts the run (cells finished so far stay in the cache). */
  readonly signal?: AbortSignal;
  /** Receives progress, cell results and warnings ({@link silentReporter} for none). */
  readonly reporter: RunReporter;
  /**
   * D-Wave configuration (tests point it at the mock server). Unless it gives a journal, the
   * problem journal lives in <cacheDir>/dwave-problems, so an interrupted run resumes its
   * submitted problems; unless it gives a log, retry lines go to the reporter as warnings.
   */
  readonly dwave?: DwaveOptions;
  /** Builds the report at the end (default: the pipeline's `report`). */
  readonly report?: boolean;
  /**
   * Runs every cell it can: a cell that fails with a UserError is recorded (summary.json
   * `failed`) and the others go on; the run writes summary and report for the rest and
   * resolves (see keptGoingError). Without it the first failure stops the other cells and the
   * run rejects, after writing the summary of the cells that finished.
   */
  readonly keepGoing?: boolean;
  /** Stages to recompute although cached (with what runs them, see forcedStages). */
  readonly force?: readonly string[];
  /** Name, tags and command-line overrides, recorded in manifest.json. */
  readonly labels?: RunLabels;
  /** Also write each cell's sample QUBO into cells/ (by default it stays in the cache). */
  readonly saveQubos?: boolean;
}

/** What a run produced. */
export interface RunResult {
  /** The results directory written. */
  readonly outDir: string;
  /** What summary.json holds. */
  readonly summary: RunSummary;
}

/** Runs every cell of the pipeline and writes the results directory. */
export async function runPipeline(options: RunOptions): Promise<RunResult> {
  const { pipeline, reporter } = options;
  const started = performance.now();
  const jobs = Math.max(1, options.jobs ?? navigator.hardwareConcurrency ?? 1);
  checkPipelineLimits(pipeline, { jobs });
  const cacheDir = options.cacheDir ?? pipeline.cacheDir;
  const cache = await openCache(cacheDir, {
    durable: false,
    force: forcedStages(options.force ?? []),
    onEvent: (event: CacheEvent) => {
      if (event.kind === "corrupt") {
        reporter.warn(
          `cache entry ${event.key.slice(0, 12)} was corrupt (${event.reason}); recomputing it`,
        );
      }
    },
  });
  const dispatcher = createSolveDispatcher({
    jobs,
    cacheDir,
    reporter,
    dwave: options.dwave,
    signal: options.signal,
  });
  // Aborted when a cell fails (without keepGoing): the other cells stop at their next iteration.
  const halt = new AbortController();
  const cellSignal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  const { loadFor, featuresFor } = memoisedInputs(cache, reporter);

  // A used --out is refused before anything is loaded.
  const outDir = await createResultsDir({
    name: pipeline.name,
    out: options.outDir,
    clear: options.clearOut,
  });

  const cellSummaries: (CellSummary | undefined)[] = new Array(pipeline.cells.length);
  const manifestCells: (ManifestCellKeys | undefined)[] = new Array(pipeline.cells.length);
  const failed: { id: string; error: string }[] = [];
  const baselines: BaselineSummary[] = [];
  const files = () => ({
    pipeline,
    outDir,
    cacheDir,
    jobs,
    seconds: (performance.now() - started) / 1000,
    cells: cellSummaries,
    manifestCells,
    baselines,
    cache: cache.stats(),
    failed,
    labels: options.labels,
  });
  try {
    // Every cell against its sampler before any features are computed (datasets are loaded
    // anyway, for their shape); a refused run leaves no results folder behind.
    const problems: string[] = [];
    for (const cell of pipeline.cells) {
      const { dataset } = await loadFor(cell);
      problems.push(...preflightCell(cell, cellWidth(cell, dataset.train)));
    }
    if (problems.length > 0) throw preflightError(pipeline, problems);
    reporter.begin(
      pipeline.cells.length,
      pipeline.cells.map((c) => ({
        id: c.id,
        iterations: c.training.iterations,
        bits: c.training.bits,
      })),
    );
    let next = 0;
    const runCell = async (index: number) => {
      const cell = pipeline.cells[index];
      const prepared = await featuresFor(cell);
      reporter.cellStart?.({
        id: cell.id,
        iterations: cell.training.iterations,
        classes: prepared.problem.classes,
        bits: cell.training.bits,
      });
      // Progress per computed solve and per iteration, not only per finished cell.
      const dispatch: SolveDispatch = (...args) =>
        dispatcher.dispatch(...args).then((set) => (reporter.solveDone?.(cell.id), set));
      const trained = await trainCell(cache, prepared, cell, dispatch, {
        signal: cellSignal,
        onIteration: (record) => reporter.iterationDone?.(cell.id, record.iteration),
        evaluate: dispatcher.evaluate,
      });
      const { summary, manifest } = await writeCellResults(outDir, cell, prepared, trained, {
        saveQubos: options.saveQubos,
      });
      cellSummaries[index] = summary;
      manifestCells[index] = manifest;
      reporter.cellDone(summary, trained.hit, trained.solveHits, trained.solveMisses);
    };
    const worker = async () => {
      while (next < pipeline.cells.length && !halt.signal.aborted) {
        const index = next++;
        options.signal?.throwIfAborted();
        try {
          await runCell(index);
        } catch (error) {
          if (options.signal?.aborted) throw error;
          if (!halt.signal.aborted) {
            failed.push({ id: pipeline.cells[index].id, error: text(error) });
          }
          if (options.keepGoing && isUserError(error)) {
            reporter.warn(`${pipeline.cells[index].id} failed: ${text(error)}`);
            continue;
          }
          halt.abort(error);
          throw error;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(jobs, pipeline.cells.length) }, worker));
    } catch (error) {
      // What finished is kept: summary and manifest of the finished cells, the failure named.
      if (!options.signal?.aborted) await writeRunFiles(files()).catch(() => {});
      throw error;
    }
    options.signal?.throwIfAborted();

    // Baselines once per (dataset, features, ridge), fitted side by side on the Worker pool
    // (within --jobs) and listed in the pipeline's order.
    const groups = new Map<string, CellConfig>();
    for (const cell of pipeline.cells) {
      const id = canonicalJson({ d: cell.dataset, f: cell.features, r: cell.training.ridge });
      if (!groups.has(id)) groups.set(id, cell);
    }
    const fits = await Promise.all(
      [...groups].map(async ([id, cell]) => {
        const prepared = await featuresFor(cell);
        const results = await runBaselines(
          cache,
          prepared,
          pipeline.baselines,
          cell.training.ridge,
          dispatcher.fitBaseline,
        );
        // The cells trained on these same features and ridge: what the baseline compares with.
        const same = pipeline.cells.filter((c) =>
          canonicalJson({ d: c.dataset, f: c.features, r: c.training.ridge }) === id
        ).map((c) => c.id);
        return results.map((fit) => ({
          dataset: datasetLabel(cell.dataset),
          seed: cell.features.seed,
          ...fit,
          cells: same,
        }));
      }),
    );
    baselines.push(...fits.flat());

    const summary = await writeRunFiles(files());
    if ((options.report ?? pipeline.report) && summary.cells.length > 0) {
      reporter.stage("report");
      const { buildReport } = await import("../report/build_report.ts");
      await buildReport(outDir);
    }
    reporter.end();
    return { outDir, summary };
  } finally {
    await dispatcher.close(options.signal?.aborted ?? false);
    await removeIfUnused(outDir);
  }
}

/** Datasets and features of a run, each loaded or computed once however many cells share it. */
function memoisedInputs(
  cache: Parameters<typeof prepareFeatures>[0],
  reporter: RunReporter,
) {
  const datasets = new Map<string, Promise<{ dataset: Dataset; key: string }>>();
  const features = new Map<string, Promise<PreparedFeatures>>();
  const loadFor = (cell: CellConfig) => {
    const id = canonicalJson(cell.dataset);
    if (!datasets.has(id)) {
      datasets.set(
        id,
        (async () => {
          reporter.stage(`loading ${cell.dataset.name}`);
          const dataset = await loadDataset(cell.dataset);
          for (const warning of dataset.provenance.warnings ?? []) reporter.warn(warning);
          return { dataset, key: await datasetKey(dataset, { ...cell.dataset }) };
        })(),
      );
    }
    return datasets.get(id)!;
  };
  const featuresFor = (cell: CellConfig) => {
    const id = canonicalJson({ dataset: cell.dataset, features: cell.features });
    if (!features.has(id)) {
      features.set(
        id,
        (async () => {
          const { dataset, key } = await loadFor(cell);
          return prepareFeatures(cache, dataset, key, cell.features, (e) => reporter.progress(e));
        })(),
      );
    }
    return features.get(id)!;
  };
  return { loadFor, featuresFor };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error of a --keep-going run that finished with failed cells (summary.failed). */
export function keptGoingError(
  failed: readonly { id: string; error: string }[],
  total: number,
  outDir: string,
): UserError {
  return new UserError(
    `${failed.length} of ${total} cells failed; summary and report of the other ${
      total - failed.length
    } are in ${outDir}:\n  ${failed.map((f) => `${f.id}: ${f.error}`).join("\n  ")}`,
  );
}

/** Thrown by the CLI's own checks before any work starts. */
export function noCells(file: string): UserError {
  return new UserError(
    `${file} expands to no cells: give at least one dataset, seed and bit count.`,
  );
}
