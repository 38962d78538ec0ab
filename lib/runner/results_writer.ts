/**
 * The results directory of a run (lib/results/types.ts): what a trained cell becomes on disk
 * (its summary row, its record, the sample QUBO) and the run's summary.json and manifest.json.
 * Every file is written atomically (temp file + rename), so a reader never sees half of one.
 */
import { datasetLabel } from "../pipeline/cell_id.ts";
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { quboCouplerCount } from "../qubo.ts";
import { type CellRecord, cellSlug, type RemoteRecord } from "../results/cell_record.ts";
import type { ManifestCell, RunManifest } from "../results/manifest.ts";
import {
  type BaselineSummary,
  type CellSummary,
  type RunSummary,
  SUMMARY_FORMAT,
} from "../results/summary.ts";
import { resolvedParams } from "../../samplers/registry.ts";
import { VERSION } from "../version.ts";
import type { RunLabels } from "../experiments/labels.ts";
import { collectProvenance } from "../results/provenance.ts";
import { writeResultFile, writeResultJson } from "../results/out_dir.ts";
import type { TrainedCell } from "./cell_stage.ts";
import type { PreparedFeatures } from "./feature_stage.ts";

/** What the manifest keeps of one cell besides its configuration. */
export type ManifestCellKeys = Pick<ManifestCell, "id" | "keys" | "specs">;

/**
 * Writes a trained cell's record (and, with `saveQubos`, its sample QUBO as a raw n x n file:
 * 4 MB at n = 740, so off by default; the record names its cache key either way); returns its
 * summary row and manifest entry.
 */
export async function writeCellResults(
  outDir: string,
  cell: CellConfig,
  prepared: PreparedFeatures,
  trained: TrainedCell,
  options: { readonly saveQubos?: boolean } = {},
): Promise<{ summary: CellSummary; manifest: ManifestCellKeys }> {
  const stageSeconds = {
    features: prepared.hits.features ? 0 : prepared.seconds.features,
    gram: prepared.hits.gram ? 0 : prepared.seconds.gram,
    ...trained.stageSeconds,
  };
  const summary: CellSummary = {
    id: cell.id,
    dataset: datasetLabel(cell.dataset),
    seed: cell.features.seed,
    bits: cell.training.bits,
    sampler: cell.sampler.name,
    variables: prepared.problem.width * cell.training.bits,
    couplers: quboCouplerCount(trained.quboSample),
    policy: cell.training.policy,
    trainAccuracy: trained.trainAccuracy,
    testAccuracy: trained.testAccuracy,
    solveQuality: trained.solveQuality,
    seconds: Object.values(trained.stageSeconds).reduce((a, b) => a + b, 0),
    iterations: trained.iterations.length,
    qubos: trained.quboCount,
    cached: trained.hit,
    stageSeconds,
    betaRange: trained.anneal.betaRange,
    trainingSeconds: trained.trainingSeconds,
    ...remoteSummary(trained.remote),
  };
  const slug = cellSlug(cell.id);
  const quboFile = `cells/${slug}.qubo.f64`;
  if (options.saveQubos) {
    const q = trained.quboSample.q;
    await writeResultFile(
      `${outDir}/${quboFile}`,
      new Uint8Array(q.buffer, q.byteOffset, q.byteLength),
    );
  }
  const record: CellRecord = {
    summary,
    classNames: prepared.classNames,
    featureGrid: prepared.grid,
    iterations: trained.iterations,
    confusion: trained.confusion,
    weights: rows(trained.weights, prepared.problem.width, prepared.problem.classes),
    stageSeconds,
    anneal: trained.anneal,
    ...(trained.energyTraces ? { energyTraces: trained.energyTraces } : {}),
    quboSample: {
      ...(options.saveQubos ? { file: quboFile } : {}),
      cacheKey: trained.quboSampleKey,
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
  await writeResultJson(`${outDir}/cells/${slug}.json`, record);
  return {
    summary,
    manifest: {
      id: cell.id,
      keys: { ...prepared.keys, train: trained.key, quboSample: trained.quboSampleKey },
      specs: { ...prepared.specs, train: trained.spec },
    },
  };
}

/** What summary.json and manifest.json are made of. */
export interface RunFiles {
  readonly pipeline: Pipeline;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly jobs: number;
  readonly seconds: number;
  /** Per cell of the pipeline, in order; undefined for a cell that did not finish. */
  readonly cells: readonly (CellSummary | undefined)[];
  readonly manifestCells: readonly (ManifestCellKeys | undefined)[];
  readonly baselines: readonly BaselineSummary[];
  readonly cache: RunSummary["cache"];
  /** Cells that failed, with their errors (a run with --keep-going, or one that stopped). */
  readonly failed: readonly { readonly id: string; readonly error: string }[];
  /** Name, tags and command-line overrides. */
  readonly labels?: RunLabels;
}

/** Writes summary.json and manifest.json; cells that did not finish are left out of both. */
export async function writeRunFiles(files: RunFiles): Promise<RunSummary> {
  const { pipeline } = files;
  const done = pipeline.cells.flatMap((cell, i) => {
    const summary = files.cells[i];
    const manifest = files.manifestCells[i];
    return summary && manifest ? [{ cell, summary, manifest }] : [];
  });
  const summary: RunSummary = {
    format: SUMMARY_FORMAT,
    pipeline: pipeline.name,
    createdAt: new Date().toISOString(),
    seconds: files.seconds,
    cells: withSgdTimeRatio(done.map((d) => d.summary), done.map((d) => d.cell), files.baselines),
    baselines: [...files.baselines],
    cache: files.cache,
    ...(files.failed.length ? { failed: [...files.failed] } : {}),
  };
  await writeResultJson(`${files.outDir}/summary.json`, summary);
  const manifest: RunManifest = {
    pipeline: pipeline.name,
    pipelineFile: pipeline.file,
    pipelineHash: pipeline.fileSha256,
    createdAt: summary.createdAt,
    version: VERSION,
    ...files.labels,
    provenance: await collectProvenance(),
    deno: Deno.version,
    cacheDir: files.cacheDir,
    jobs: files.jobs,
    seconds: summary.seconds,
    // Each section spread into a plain object: the manifest records it as JSON, key by key.
    cells: done.map(({ cell, manifest }) => ({
      id: cell.id,
      dataset: { ...cell.dataset },
      features: { ...cell.features },
      training: { ...cell.training },
      sampler: { ...cell.sampler },
      // `sampler` is as the pipeline gave it (what the cache keys hold); this is what ran.
      samplerResolved: {
        name: cell.sampler.name,
        params: resolvedParams(cell.sampler.name, cell.sampler.params),
      },
      keys: manifest.keys,
      specs: manifest.specs,
    })),
  };
  await writeResultJson(`${files.outDir}/manifest.json`, manifest);
  return summary;
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

function rows(w: Float64Array, width: number, classes: number): number[][] {
  return Array.from(
    { length: width },
    (_, j) => Array.from(w.subarray(j * classes, (j + 1) * classes)),
  );
}
