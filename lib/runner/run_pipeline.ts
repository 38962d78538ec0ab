/**
 * Runs a pipeline: every cell (dataset -> features -> gram -> QUBO loop -> evaluate) and the
 * baselines, through the content-addressed cache, then writes the results directory
 * (lib/results/types.ts) and the report. Cells run concurrently and their class solves share one
 * Worker pool, both bounded by `jobs`.
 */
import { canonicalJson } from "../cache/canonical.ts";
import { type CacheEvent, openCache } from "../cache/store.ts";
import type { StageSpec } from "../cache/types.ts";
import { loadDataset } from "../datasets/load.ts";
import type { Dataset } from "../datasets/types.ts";
import { UserError } from "../errors.ts";
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { quboCouplerCount } from "../qubo.ts";
import type {
  BaselineSummary,
  CellRecord,
  CellSummary,
  RemoteRecord,
  RunSummary,
} from "../results/types.ts";
import { cellSlug } from "../results/types.ts";
import type { Sampler } from "../../samplers/sampler.ts";
import { resolvedParams, samplerEntry } from "../../samplers/registry.ts";
import { problemForm, toDense } from "../structured_qubo.ts";
import { createDwaveSampler, type DwaveSamplerName } from "../../samplers/dwave/factory.ts";
import { FileJournal, type ProblemJournal } from "../../samplers/dwave/journal.ts";
import { type DwaveOptions, DwaveSession } from "../../samplers/dwave/session.ts";
import { VERSION } from "../version.ts";
import { runBaselines } from "./baseline_stage.ts";
import { cellWidth, preflightCell, preflightError } from "./preflight.ts";
import { type SolveDispatch, trainCell } from "./cell_stage.ts";
import { datasetKey, type PreparedFeatures, prepareFeatures } from "./feature_stage.ts";
import type { RunReporter } from "./reporter.ts";
import { SolvePool } from "./worker_pool.ts";

/** Options of one run. */
export interface RunOptions {
  /** The loaded pipeline to run. */
  readonly pipeline: Pipeline;
  /** Results directory (created); default results/<pipeline>-<timestamp>. */
  readonly outDir?: string;
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
  const outDir = options.outDir ?? defaultOutDir(pipeline.name);
  const cacheDir = options.cacheDir ?? pipeline.cacheDir;
  const cache = await openCache(cacheDir, {
    durable: false,
    onEvent: (event: CacheEvent) => {
      if (event.kind === "corrupt") {
        reporter.warn(
          `cache entry ${event.key.slice(0, 12)} was corrupt (${event.reason}); recomputing it`,
        );
      }
    },
  });
  let pool: SolvePool | undefined;
  const remote = new Map<string, Sampler>();
  // One D-Wave session for every remote sampler of the run, opened on first use.
  let session: DwaveSession | undefined;
  const dwaveSession = (): DwaveSession =>
    session ??= new DwaveSession({
      ...options.dwave,
      journal: resumingJournal(
        options.dwave?.journal ?? new FileJournal(`${cacheDir}/dwave-problems`),
        dwaveSession,
      ),
      log: options.dwave?.log ?? ((line: string) => reporter.warn(line)),
    });
  // Remote solves still running when the run stops (a sibling class failed, Ctrl-C): waited for,
  // so a failed run does not leave problems polling or being cancelled behind it.
  const inFlight = new Set<Promise<void>>();
  // Aborted when a cell fails: the other cells stop at their next iteration.
  const halt = new AbortController();
  const cellSignal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  const dispatch: SolveDispatch = (name, problem, params, signal) => {
    const entry = samplerEntry(name);
    // A sampler gets the problem in a form it declares; the dense matrix is built only here.
    const qubo = entry.forms.includes(problemForm(problem)) ? problem : toDense(problem);
    if (entry.location === "local") {
      pool ??= new SolvePool(jobs);
      return pool.solve(name, qubo, params, signal);
    }
    let sampler = remote.get(name);
    if (!sampler) {
      sampler = createDwaveSampler(name as DwaveSamplerName, { session: dwaveSession() });
      remote.set(name, sampler);
    }
    // Not the cell's signal: when another cell fails, problems in flight finish and are cached
    // (they are paid for); only the caller's signal (Ctrl-C) cancels them.
    const solving = sampler.sample(toDense(qubo), params, options.signal);
    const settled = solving.then(() => {}, () => {}).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
    return solving;
  };

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

  const cellSummaries: CellSummary[] = new Array(pipeline.cells.length);
  const manifestCells: {
    id: string;
    keys: Record<string, string>;
    specs: Record<string, StageSpec>;
  }[] = new Array(pipeline.cells.length);
  // Every cell against its sampler before any features are computed (datasets are loaded
  // anyway, for their shape).
  const problems: string[] = [];
  for (const cell of pipeline.cells) {
    const { dataset } = await loadFor(cell);
    problems.push(...preflightCell(cell, cellWidth(cell, dataset.train)));
  }
  if (problems.length > 0) throw preflightError(pipeline, problems);
  await Deno.mkdir(`${outDir}/cells`, { recursive: true });
  reporter.begin(pipeline.cells.length);
  try {
    let next = 0;
    const worker = async () => {
      try {
        await cells();
      } catch (error) {
        halt.abort(error);
        throw error;
      }
    };
    const cells = async () => {
      while (next < pipeline.cells.length && !halt.signal.aborted) {
        const index = next++;
        const cell = pipeline.cells[index];
        options.signal?.throwIfAborted();
        const prepared = await featuresFor(cell);
        const trained = await trainCell(cache, prepared, cell, dispatch, { signal: cellSignal });
        const couplers = quboCouplerCount(trained.quboSample);
        const n = prepared.problem.width * cell.training.bits;
        const stageSeconds = {
          features: prepared.hits.features ? 0 : prepared.seconds.features,
          gram: prepared.hits.gram ? 0 : prepared.seconds.gram,
          ...trained.stageSeconds,
        };
        const seconds = Object.values(trained.stageSeconds).reduce((a, b) => a + b, 0);
        const summary: CellSummary = {
          id: cell.id,
          dataset: datasetLabel(cell),
          seed: cell.features.seed,
          bits: cell.training.bits,
          sampler: cell.sampler.name,
          variables: n,
          couplers,
          policy: cell.training.policy,
          trainAccuracy: trained.trainAccuracy,
          testAccuracy: trained.testAccuracy,
          solveQuality: trained.solveQuality,
          seconds,
          iterations: trained.iterations.length,
          qubos: trained.quboCount,
          cached: trained.hit,
          stageSeconds,
          betaRange: trained.anneal.betaRange,
          trainingSeconds: trained.trainingSeconds,
          ...remoteSummary(trained.remote),
        };
        cellSummaries[index] = summary;
        const slug = cellSlug(cell.id);
        const quboFile = `cells/${slug}.qubo.f64`;
        const q = trained.quboSample.q;
        await Deno.writeFile(
          `${outDir}/${quboFile}`,
          new Uint8Array(q.buffer, q.byteOffset, q.byteLength),
        );
        const record: CellRecord = {
          summary,
          classNames: prepared.classNames,
          featureGrid: prepared.grid,
          iterations: trained.iterations,
          confusion: trained.confusion,
          weights: rows(trained.weights, prepared.problem.width, prepared.problem.classes),
          stageSeconds,
          anneal: trained.anneal,
          quboSample: {
            file: quboFile,
            n: trained.quboSample.n,
            bits: cell.training.bits,
            classIndex: 0,
            iteration: 1,
          },
          ...(trained.remote ? { remote: trained.remote } : {}),
          ...(trained.qubos.length ? { qubos: trained.qubos } : {}),
          sampler: {
            name: cell.sampler.name,
            params: resolvedParams(cell.sampler.name, cell.sampler.params),
          },
        };
        await writeJson(`${outDir}/cells/${slug}.json`, record);
        manifestCells[index] = {
          id: cell.id,
          keys: { ...prepared.keys, train: trained.key, quboSample: trained.quboSampleKey },
          specs: { ...prepared.specs, train: trained.spec },
        };
        reporter.cellDone(summary, trained.hit, trained.solveHits, trained.solveMisses);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, pipeline.cells.length) }, worker));
    options.signal?.throwIfAborted();

    // Baselines once per (dataset, features, ridge).
    const baselines: BaselineSummary[] = [];
    const done = new Set<string>();
    for (const cell of pipeline.cells) {
      const id = canonicalJson({ d: cell.dataset, f: cell.features, r: cell.training.ridge });
      if (done.has(id)) continue;
      done.add(id);
      const prepared = await featuresFor(cell);
      for (
        const fit of await runBaselines(cache, prepared, pipeline.baselines, cell.training.ridge)
      ) {
        baselines.push({ dataset: datasetLabel(cell), seed: cell.features.seed, ...fit });
      }
    }

    const summary: RunSummary = {
      pipeline: pipeline.name,
      createdAt: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      cells: withSgdTimeRatio(cellSummaries, pipeline.cells, baselines),
      baselines,
      cache: cache.stats(),
    };
    await writeJson(`${outDir}/summary.json`, summary);
    await writeJson(`${outDir}/manifest.json`, {
      pipeline: pipeline.name,
      pipelineFile: pipeline.file,
      pipelineHash: pipeline.fileSha256,
      createdAt: summary.createdAt,
      version: VERSION,
      deno: Deno.version,
      cacheDir,
      jobs,
      seconds: summary.seconds,
      cells: pipeline.cells.map((cell, i) => ({
        ...cell,
        keys: manifestCells[i].keys,
        specs: manifestCells[i].specs,
      })),
    });
    if (options.report ?? pipeline.report) {
      reporter.stage("report");
      const { buildReport } = await import("../report/build_report.ts");
      await buildReport(outDir);
    }
    reporter.end();
    return { outDir, summary };
  } finally {
    await settle(inFlight, options.signal?.aborted ? 10 : Infinity);
    pool?.close();
  }
}

/**
 * Each cell's training time over the SGD baseline's on the same features: the same dataset and
 * filter seed, and the cell's ridge (baselines run once per dataset, features and ridge).
 */
function withSgdTimeRatio(
  summaries: readonly CellSummary[],
  cells: readonly CellConfig[],
  baselines: readonly BaselineSummary[],
): CellSummary[] {
  return summaries.map((summary, i) => {
    const sgd = baselines.find((b) =>
      b.method === "sgd" && b.dataset === summary.dataset && b.seed === summary.seed &&
      b.ridge === cells[i].training.ridge
    );
    const sgdSeconds = typeof sgd?.seconds === "number" ? sgd.seconds : 0;
    if (!(sgdSeconds > 0) || summary.trainingSeconds === undefined) return summary;
    return { ...summary, sgdTimeRatio: summary.trainingSeconds / sgdSeconds };
  });
}

/** Waits until `pending` is empty, or at most `seconds`. */
async function settle(pending: Set<Promise<void>>, seconds: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<void>((resolve) => {
    if (Number.isFinite(seconds)) {
      timer = setTimeout(() => {
        expired = true;
        resolve();
      }, seconds * 1000);
    }
  });
  try {
    while (pending.size > 0 && !expired) await Promise.race([Promise.all(pending), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The run's problem journal. A journaled problem that was cancelled (most often by the Ctrl-C of
 * the run that submitted it, which cancels what is in flight) is forgotten, so this run submits
 * it afresh instead of stopping as it does for a problem cancelled while it waits. Any other
 * journaled problem is resumed by the sampler: its answer is fetched, not paid for again.
 */
function resumingJournal(journal: ProblemJournal, session: () => DwaveSession): ProblemJournal {
  return {
    async get(key) {
      const entry = await journal.get(key);
      if (!entry) return undefined;
      try {
        const client = await session().client();
        const [status] = await client.pollProblems([entry.problemId], 1) as {
          id?: unknown;
          status?: unknown;
        }[];
        if (status?.id === entry.problemId && status.status === "CANCELLED") {
          await journal.delete(key);
          return undefined;
        }
      } catch {
        // Unreachable or unknown: the sampler's resume decides (a problem SAPI forgot is resubmitted).
      }
      return entry;
    },
    set: (key, entry) => journal.set(key, entry),
    delete: (key) => journal.delete(key),
  };
}

/** The compact D-Wave fields of a cell summary (none for a local sampler). */
function remoteSummary(remote: RemoteRecord | undefined): Partial<CellSummary> {
  if (!remote) return {};
  const qpuAccess = remote.timing.qpuAccess ?? remote.timing.qpu_access;
  return {
    solver: remote.solvers.join(", "),
    problems: remote.problems.length,
    ...(qpuAccess === undefined ? {} : { qpuAccessSeconds: qpuAccess }),
    ...(remote.chainBreakFraction === undefined
      ? {}
      : { chainBreakFraction: remote.chainBreakFraction }),
  };
}

function datasetLabel(cell: CellConfig): string {
  return cell.dataset.split ? `${cell.dataset.name}:${cell.dataset.split}` : cell.dataset.name;
}

function rows(w: Float64Array, width: number, classes: number): number[][] {
  return Array.from(
    { length: width },
    (_, j) => Array.from(w.subarray(j * classes, (j + 1) * classes)),
  );
}

/** JSON with non-finite numbers written as null (JSON has no NaN). */
async function writeJson(path: string, value: unknown): Promise<void> {
  const text = JSON.stringify(
    value,
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
    2,
  );
  const temp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(temp, text + "\n");
  await Deno.rename(temp, path);
}

function defaultOutDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);
  return `results/${name}-${stamp}`;
}

/** Thrown by the CLI's own checks before any work starts. */
export function noCells(file: string): UserError {
  return new UserError(
    `${file} expands to no cells: give at least one dataset, seed and bit count.`,
  );
}
