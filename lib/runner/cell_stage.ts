/**
 * One cell of the sweep: the QUBO training loop with every class QUBO cached (stage
 * "class-qubo", compact) and every solve cached under it, and the whole trained head cached as
 * the "train" stage. A killed run resumes with
 * cached solves; an unchanged re-run reads one entry per cell.
 */
import type { FileArtifactCache } from "../cache/store.ts";
import type { StageSpec } from "../cache/types.ts";
import type { Qubo } from "../qubo.ts";
import { type QuboProblem, structuredToDense } from "../structured_qubo.ts";
import { quboArtifact, quboFromArtifact } from "../qubo_format.ts";
import type {
  AnnealRecord,
  EnergyTraceRecord,
  IterationRecord,
  QuboKey,
  RemoteProblem,
  RemoteRecord,
} from "../results/types.ts";
import { confusionMatrix, evaluateSoftmax, predict } from "../softmax.ts";
import type { CellConfig } from "../pipeline/types.ts";
import { type ClassQuboTask, type SoftmaxEvaluator, trainQuboHead } from "../train/train_head.ts";
import { samplerEntry } from "../../samplers/registry.ts";
import type { SampleSet } from "../../samplers/sampler.ts";
import { CLASS_QUBO } from "../stages/class_qubo.ts";
import { QUBO_SAMPLE } from "../stages/qubo_sample.ts";
import { SOLVE } from "../stages/solve.ts";
import { TRAIN } from "../stages/train.ts";
import { classQuboArtifact, classQuboInput } from "./class_qubo_stage.ts";
import type { PreparedFeatures } from "./feature_stage.ts";
import { isTracedSolve, traceOf, traceRecord } from "./energy_traces.ts";

/** Runs one class problem with the cell's sampler (local pool or remote). */
export type SolveDispatch = (
  sampler: string,
  problem: QuboProblem,
  params: Record<string, unknown>,
  signal?: AbortSignal,
) => Promise<SampleSet>;

/** A trained cell, as the results files need it. */
export interface TrainedCell {
  readonly key: string;
  readonly spec: StageSpec;
  readonly hit: boolean;
  readonly weights: Float64Array;
  readonly iterations: readonly IterationRecord[];
  readonly anneal: AnnealRecord;
  readonly quboSample: Qubo;
  readonly quboSampleKey: string;
  readonly solveQuality: number;
  readonly quboCount: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly confusion: number[][];
  readonly stageSeconds: Record<string, number>;
  /** Seconds of the training loop when it was computed (the same for a cache hit). */
  readonly trainingSeconds: number;
  readonly solveHits: number;
  readonly solveMisses: number;
  /** D-Wave cells: problem ids, solver and SAPI timing of the class solves (absent when local). */
  readonly remote?: RemoteRecord;
  /** Cache keys of every class QUBO solved (stage class-qubo), for `qubo export`. */
  readonly qubos: readonly QuboKey[];
  /** Energy per sweep of the traced solves (sampler param traceEnergy), by iteration and class. */
  readonly energyTraces?: readonly EnergyTraceRecord[];
}

/** The problem a remote solve's SampleSet.info names, or undefined for a local sampler. */
function remoteProblem(
  task: { iteration: number; classIndex: number },
  info: SampleSet["info"],
): RemoteProblem | undefined {
  const ids = info.problemIds;
  if (!Array.isArray(ids) || typeof ids[0] !== "string") return undefined;
  const timing: Record<string, number> = {};
  for (const [name, value] of Object.entries(info.timing ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) timing[name] = value;
  }
  return {
    iteration: task.iteration,
    classIndex: task.classIndex,
    problemId: ids[0],
    solver: typeof info.solver === "string" ? info.solver : "",
    resumed: info.resumed === true,
    ...(typeof info.label === "string" ? { label: info.label } : {}),
    ...(typeof info.adopted === "boolean" ? { adopted: info.adopted } : {}),
    timing,
    ...(typeof info.chainBreakFraction === "number"
      ? { chainBreakFraction: info.chainBreakFraction }
      : {}),
  };
}

/** Sums and means over a cell's remote problems; undefined when there are none. */
export function remoteRecord(problems: readonly RemoteProblem[]): RemoteRecord | undefined {
  if (problems.length === 0) return undefined;
  const sorted = [...problems].sort((a, b) =>
    a.iteration - b.iteration || a.classIndex - b.classIndex
  );
  const timing: Record<string, number> = {};
  for (const p of sorted) {
    for (const [name, value] of Object.entries(p.timing)) {
      timing[name] = (timing[name] ?? 0) + value;
    }
  }
  const breaks = sorted.filter((p) => p.chainBreakFraction !== undefined);
  return {
    solvers: [...new Set(sorted.map((p) => p.solver))],
    problems: sorted,
    timing,
    ...(breaks.length
      ? {
        chainBreakFraction: breaks.reduce((sum, p) => sum + p.chainBreakFraction!, 0) /
          breaks.length,
      }
      : {}),
    resumed: sorted.filter((p) => p.resumed).length,
  };
}

/**
 * Params of one class solve: the pipeline's, plus the per-solve inputs the sampler declares it
 * takes (registry taskInputs). User params win, except the seed: the pipeline's seed is the base
 * every solve's own seed is mixed from.
 */
function solveParams(cell: CellConfig, task: ClassQuboTask): Record<string, unknown> {
  // traceEnergy asks for a few traced solves (energy_traces.ts), not for every one.
  const { seed: _base, traceEnergy, ...user } = cell.sampler.params;
  const takes = samplerEntry(cell.sampler.name).taskInputs;
  return {
    ...(takes.numReads !== undefined ? { numReads: takes.numReads } : {}),
    ...user,
    ...(takes.betaRange ? { betaRange: user.betaRange ?? task.betaRange } : {}),
    ...(takes.seed ? { seed: task.seed } : {}),
    ...(takes.initialState ? { initialStates: task.initialState } : {}),
    ...(traceEnergy === true && isTracedSolve(task.iteration, task.classIndex)
      ? { traceEnergy: true }
      : {}),
  };
}

/** Trains (or loads) one cell. */
export async function trainCell(
  cache: FileArtifactCache,
  prepared: PreparedFeatures,
  cell: CellConfig,
  dispatch: SolveDispatch,
  options: {
    signal?: AbortSignal;
    onIteration?: (record: IterationRecord) => void;
    /** Where the loop's softmax passes run (default: this thread). */
    evaluate?: SoftmaxEvaluator;
  } = {},
): Promise<TrainedCell> {
  const started = performance.now();
  const { problem } = prepared;
  const trainInput = {
    training: cell.training,
    sampler: cell.sampler,
    features: prepared.keys.features,
    gram: prepared.keys.gram,
  };
  const spec = TRAIN.spec(trainInput);
  let solveHits = 0;
  let solveMisses = 0;
  const remote: RemoteProblem[] = [];
  const quboKeys: QuboKey[] = [];
  const traces: EnergyTraceRecord[] = [];
  const solve = async (task: ClassQuboTask, signal?: AbortSignal): Promise<SampleSet> => {
    const params = solveParams(cell, task);
    const { initialStates: _start, ...keyParams } = params;
    // The class QUBO is its own stage (compact: rebuilt from the Gram matrix on export), and
    // the solve depends on it: gram -> class-qubo -> solve.
    // Local solves and their QUBOs are cheap to recompute, so they skip the fsync (a torn entry
    // fails its checksum and is recomputed); a remote solve is paid for and stays durable.
    const durable = samplerEntry(cell.sampler.name).location === "remote";
    const quboEntry = await CLASS_QUBO.run(
      cache,
      await classQuboInput(task, cell.training, prepared.keys.gram),
      () => classQuboArtifact(task, cell.training, cell.id),
      { durable: false },
    );
    quboKeys.push({ iteration: task.iteration, classIndex: task.classIndex, key: quboEntry.key });
    const entry = await SOLVE.run(
      cache,
      { sampler: cell.sampler.name, params: keyParams, qubo: quboEntry.key },
      async () => {
        const set = await dispatch(cell.sampler.name, task.problem, params, signal);
        return {
          meta: { n: set.n, numReads: set.numReads, info: set.info },
          arrays: { samples: set.samples, energies: set.energies },
        };
      },
      { durable },
    );
    if (entry.hit) solveHits++;
    else solveMisses++;
    const problem = remoteProblem(task, entry.meta.info);
    if (problem) remote.push(problem);
    const trace = params.traceEnergy === true ? traceOf(entry.meta.info) : undefined;
    if (trace) traces.push(traceRecord(task, trace));
    return { ...entry.meta, ...entry.arrays };
  };

  const entry = await TRAIN.run(cache, trainInput, async () => {
    const result = await trainQuboHead(problem, {
      settings: cell.training,
      solve,
      seed: typeof cell.sampler.params.seed === "number" ? cell.sampler.params.seed : 0,
      sampler: cell.sampler.name,
      signal: options.signal,
      onIteration: options.onIteration,
      evaluate: options.evaluate,
    });
    const { train, test, width, classes } = problem;
    const trainEval = evaluateSoftmax({
      rows: train,
      width,
      weights: result.weights,
      classes,
      withGradient: false,
    });
    const predicted = predict(test.x, test.count, width, result.weights, classes);
    const testEval = evaluateSoftmax({
      rows: test,
      width,
      weights: result.weights,
      classes,
      withGradient: false,
    });
    const sample = await QUBO_SAMPLE.run(
      cache,
      {
        cell: spec.params,
        classIndex: result.quboSample.classIndex,
        iteration: 1,
        upstream: spec.upstream,
      },
      () => {
        const artifact = quboArtifact(structuredToDense(result.quboSample.problem), {
          bits: cell.training.bits,
          width,
        });
        return {
          meta: artifact.meta as { n: number; offset: number },
          arrays: { q: artifact.arrays.q as Float64Array },
        };
      },
    );
    return {
      meta: {
        iterations: result.iterations,
        anneal: result.anneal,
        solveQuality: result.solveQuality,
        quboCount: result.quboCount,
        trainAccuracy: trainEval.accuracy,
        testAccuracy: testEval.accuracy,
        confusion: confusionMatrix(test.labels, predicted, classes),
        quboSampleKey: sample.key,
        stageSeconds: { ...result.seconds },
        ...(remote.length ? { remote: remoteRecord(remote) } : {}),
        qubos: quboKeys.sort((a, b) => a.iteration - b.iteration || a.classIndex - b.classIndex),
        ...(traces.length
          ? {
            energyTraces: traces.sort((a, b) =>
              a.iteration - b.iteration || a.classIndex - b.classIndex
            ),
          }
          : {}),
      },
      arrays: { weights: result.weights },
    };
  });
  const meta = entry.meta;
  const quboSampleKey = meta.quboSampleKey;
  const stored = await cache.read(quboSampleKey);
  if (!stored) throw new Error(`cache entry ${quboSampleKey} of the sample QUBO is missing`);
  const seconds = (performance.now() - started) / 1000;
  return {
    key: entry.key,
    spec,
    hit: entry.hit,
    weights: entry.arrays.weights,
    iterations: meta.iterations,
    anneal: meta.anneal,
    quboSample: quboFromArtifact(stored, `cache entry ${quboSampleKey}`),
    quboSampleKey,
    solveQuality: meta.solveQuality,
    quboCount: meta.quboCount,
    trainAccuracy: meta.trainAccuracy,
    testAccuracy: meta.testAccuracy,
    confusion: meta.confusion,
    stageSeconds: entry.hit ? { train: seconds } : meta.stageSeconds,
    trainingSeconds: Object.values(meta.stageSeconds).reduce((a, b) => a + b, 0),
    solveHits,
    solveMisses,
    ...(meta.remote ? { remote: meta.remote } : {}),
    qubos: meta.qubos ?? [],
    ...(meta.energyTraces ? { energyTraces: meta.energyTraces } : {}),
  };
}
