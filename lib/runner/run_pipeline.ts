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
import type { BaselineSummary, CellRecord, CellSummary, RunSummary } from "../results/types.ts";
import { cellSlug } from "../results/types.ts";
import type { Sampler } from "../../samplers/sampler.ts";
import { createDwaveSampler, type DwaveSamplerName } from "../../samplers/dwave/factory.ts";
import type { DwaveOptions } from "../../samplers/dwave/session.ts";
import { runBaselines } from "./baseline_stage.ts";
import { type SolveDispatch, trainCell } from "./cell_stage.ts";
import { datasetKey, type PreparedFeatures, prepareFeatures } from "./feature_stage.ts";
import { isLocalSampler } from "./local_solve.ts";
import type { RunReporter } from "./reporter.ts";
import { SolvePool } from "./worker_pool.ts";

/** Options of one run. */
export interface RunOptions {
  readonly pipeline: Pipeline;
  /** Results directory (created); default results/<pipeline>-<timestamp>. */
  readonly outDir?: string;
  /** Overrides the pipeline's cacheDir. */
  readonly cacheDir?: string;
  /** Parallel cells and Worker solves (default: the number of cores). */
  readonly jobs?: number;
  readonly signal?: AbortSignal;
  readonly reporter: RunReporter;
  /** D-Wave configuration (tests point it at the mock server). */
  readonly dwave?: DwaveOptions;
  /** Builds the report at the end (default: the pipeline's `report`). */
  readonly report?: boolean;
}

/** What a run produced. */
export interface RunResult {
  readonly outDir: string;
  readonly summary: RunSummary;
}

const VERSION = "0.1.0";

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
  await Deno.mkdir(`${outDir}/cells`, { recursive: true });

  let pool: SolvePool | undefined;
  const remote = new Map<string, Sampler>();
  const dispatch: SolveDispatch = (name, qubo, params, signal) => {
    if (isLocalSampler(name)) {
      pool ??= new SolvePool(jobs);
      return pool.solve(name, qubo, params, signal);
    }
    let sampler = remote.get(name);
    if (!sampler) {
      sampler = createDwaveSampler(name as DwaveSamplerName, options.dwave ?? {});
      remote.set(name, sampler);
    }
    return sampler.sample(qubo, params, signal);
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
  reporter.begin(pipeline.cells.length);
  try {
    let next = 0;
    const worker = async () => {
      while (next < pipeline.cells.length) {
        const index = next++;
        const cell = pipeline.cells[index];
        options.signal?.throwIfAborted();
        const prepared = await featuresFor(cell);
        const trained = await trainCell(cache, prepared, cell, dispatch, {
          signal: options.signal,
        });
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
      cells: cellSummaries,
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
    pool?.close();
  }
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
