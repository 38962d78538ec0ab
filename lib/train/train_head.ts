/**
 * The QUBO training loop of the classifier head (DESIGN.md section 1):
 * W_0 = 0; each iteration builds one surrogate QUBO per class from the shared curvature,
 * solves them (in parallel, through the caller's solver), keeps a solve only if it lowers
 * the surrogate (so cross-entropy never rises), and stops at T or when the loss stalls.
 */
import type { StructuredQubo } from "../structured_qubo.ts";
import type { AnnealRecord, IterationRecord } from "../results/types.ts";
import { bestSampleIndex, sampleBits, type SampleSet } from "../../samplers/sampler.ts";
import { cholesky } from "../linalg/cholesky.ts";
import { column, evaluateSoftmax, type SoftmaxEvaluation, type SoftmaxInput } from "../softmax.ts";
import { problemBetaRange } from "./beta_range.ts";
import { classProblem } from "./class_qubo.ts";
import { mustUndo, nextEta } from "./eta_schedule.ts";
import type { TrainSettings } from "./config.ts";
import { type Box, decodeWeights, encodeWeights, fixedBox, trustBox } from "./encoding.ts";
import { continuousStep, surrogateCurvature, surrogateValue } from "./surrogate.ts";

/** A design matrix with its labels. */
export interface LabelledMatrix {
  /** count x width values, row-major (bias column included). */
  readonly x: Float64Array;
  /** Number of rows. */
  readonly count: number;
  /** Class index of each row. */
  readonly labels: Uint16Array;
}

/** Everything the loop needs: features with bias column, Gram matrix, sizes. */
export interface HeadProblem {
  /** The training set. */
  readonly train: LabelledMatrix;
  /** The test set (evaluated, never trained on). */
  readonly test: LabelledMatrix;
  /** d + 1 (bias included). */
  readonly width: number;
  /** Number of classes C. */
  readonly classes: number;
  /** G = X^T X / N of the training features, width x width. */
  readonly gram: Float64Array;
}

/** One class QUBO handed to the solver, with what identifies it for caching. */
export interface ClassQuboTask {
  /** 1-based iteration number. */
  readonly iteration: number;
  /** Class the QUBO belongs to (0-based). */
  readonly classIndex: number;
  /**
   * The class QUBO in structured form (surrogate + box); its dense matrix is built only by a
   * solver that needs one (structuredToDense).
   */
  readonly problem: StructuredQubo;
  /** The current weights encoded ("do not move"), the natural start for annealing. */
  readonly initialState: Uint8Array;
  /** Problem-sized beta range (used unless the sampler params give one). */
  readonly betaRange: [number, number];
  /** Seed for this solve, derived from the base seed, iteration and class. */
  readonly seed: number;
  /** Inputs that fully determine the QUBO (with the curvature): its cache identity. */
  readonly ingredients: {
    readonly bits: number;
    /** Curvature scale of this iteration's surrogate (varies under the adaptive schedule). */
    readonly eta: number;
    readonly gradient: Float64Array;
    readonly center: Float64Array;
    readonly lower: Float64Array;
    readonly step: Float64Array;
  };
}

/** Solves one class QUBO. */
export type ClassSolver = (task: ClassQuboTask, signal?: AbortSignal) => Promise<SampleSet>;

/** Outcome of training one head. */
export interface TrainResult {
  /** width x classes, row-major. */
  readonly weights: Float64Array;
  /** Every outer iteration, in order. */
  readonly iterations: IterationRecord[];
  /** Annealer trace of the first iteration. */
  readonly anneal: AnnealRecord;
  /** The first iteration's class-0 QUBO, for the heat map. */
  readonly quboSample: {
    readonly problem: StructuredQubo;
    readonly classIndex: number;
    readonly iteration: number;
  };
  /** Mean solve quality over every QUBO solved. */
  readonly solveQuality: number;
  /** Class QUBOs solved. */
  readonly quboCount: number;
  /** Seconds spent building QUBOs, solving them and evaluating the softmax. */
  readonly seconds: { readonly qubo: number; readonly solve: number; readonly evaluate: number };
}

/** Options of one training run. */
export interface TrainOptions {
  /** The training loop's settings. */
  readonly settings: TrainSettings;
  /** Solves one class QUBO (a sampler, the cache, a Worker pool...). */
  readonly solve: ClassSolver;
  /** Base seed of the solves (each solve gets a seed mixed from it, the iteration and class). */
  readonly seed?: number;
  /** Sampler name recorded in the anneal trace (default "unknown"). */
  readonly sampler?: string;
  /** Aborts training between solves. */
  readonly signal?: AbortSignal;
  /** Called after each outer iteration. */
  readonly onIteration?: (record: IterationRecord) => void;
  /**
   * Evaluates loss, accuracy and gradient (default: evaluateSoftmax here, on this thread). The
   * runner hands in its Worker pool's, so that the passes over the data run beside the solves
   * within --jobs instead of on the thread that coordinates them; the results are the same bits.
   */
  readonly evaluate?: SoftmaxEvaluator;
}

/** Computes {@link evaluateSoftmax} somewhere (this thread, a Worker). */
export type SoftmaxEvaluator = (
  input: SoftmaxInput,
) => SoftmaxEvaluation | Promise<SoftmaxEvaluation>;

/**
 * Runs the loop; deterministic for a deterministic solver.
 *
 * @example Two classes told apart by the sign of one feature, solved by the annealer
 * ```ts
 * import { DEFAULT_TRAIN_SETTINGS, gramMatrix, saSampler, trainQuboHead } from "@qubo-cnn/qubo-cnn";
 *
 * // Each row is [feature, bias]; the labels follow the feature's sign.
 * const x = new Float64Array([-2, 1, -1, 1, -0.5, 1, 0.5, 1, 1, 1, 2, 1]);
 * const data = { x, count: 6, labels: new Uint16Array([0, 0, 0, 1, 1, 1]) };
 * const result = await trainQuboHead(
 *   { train: data, test: data, width: 2, classes: 2, gram: gramMatrix(x, 6, 2) },
 *   {
 *     settings: { ...DEFAULT_TRAIN_SETTINGS, bits: 6, iterations: 5 },
 *     solve: (task) =>
 *       saSampler.sample(task.problem, {
 *         numReads: 1,
 *         numSweeps: 100,
 *         seed: task.seed,
 *         initialStates: task.initialState, // start from the current weights
 *       }),
 *   },
 * );
 * const last = result.iterations[result.iterations.length - 1];
 * if (last.trainAccuracy !== 1) throw new Error(`train accuracy ${last.trainAccuracy}`);
 * // W = 0 predicts 1/2 for both classes: the loss starts at ln 2 and only goes down.
 * if (!(last.crossEntropy < Math.log(2))) throw new Error(`loss ${last.crossEntropy}`);
 * ```
 */
export async function trainQuboHead(
  problem: HeadProblem,
  options: TrainOptions,
): Promise<TrainResult> {
  const { settings, solve } = options;
  const { width, classes, train, test } = problem;
  const adaptive = settings.etaSchedule === "adaptive";
  let eta = settings.eta;
  let h = surrogateCurvature(problem.gram, width, eta, settings.ridge);
  let factor = cholesky(h, width);
  const setEta = (value: number) => {
    if (value === eta) return;
    eta = value;
    h = surrogateCurvature(problem.gram, width, eta, settings.ridge);
    factor = cholesky(h, width);
  };
  const weights = new Float64Array(width * classes);
  const iterations: IterationRecord[] = [];
  const seconds = { qubo: 0, solve: 0, evaluate: 0 };
  let anneal: AnnealRecord | undefined;
  let quboSample: TrainResult["quboSample"] | undefined;
  let qualitySum = 0;
  let quboCount = 0;
  const evaluator = options.evaluate ?? evaluateSoftmax;
  // The weights are copied: an evaluation may still be in flight (in a Worker) when they change.
  const evaluate = async () =>
    await evaluator({
      rows: train,
      width,
      weights: weights.slice(),
      classes,
      withGradient: true,
      ridge: settings.ridge,
    });

  let started = performance.now();
  let current = await evaluate();
  seconds.evaluate += (performance.now() - started) / 1000;
  let bestLoss = current.objective;
  let stale = 0;

  for (let t = 1; t <= settings.iterations; t++) {
    options.signal?.throwIfAborted();
    const iterationStart = performance.now();
    started = performance.now();
    const tasks: {
      task: ClassQuboTask;
      box: Box;
      continuous: number;
      center: Float64Array;
      gradient: Float64Array;
    }[] = [];
    for (let c = 0; c < classes; c++) {
      const gradient = column(current.gradient, width, classes, c);
      const center = column(weights, width, classes, c);
      const step = continuousStep(factor, gradient);
      const continuous = surrogateValue(h, width, gradient, step);
      let box: Box;
      let halfWidth: Float64Array;
      if (settings.policy === "trust") {
        halfWidth = new Float64Array(width);
        for (let j = 0; j < width; j++) {
          halfWidth[j] = Math.max(settings.trustScale * Math.abs(step[j]), settings.minHalfWidth);
        }
        box = trustBox(center, halfWidth, settings.bits);
      } else {
        halfWidth = new Float64Array(width).fill(settings.fixedRadius);
        box = fixedBox(width, settings.fixedRadius, settings.bits);
      }
      const problem = classProblem(h, gradient, center, box);
      const betaRange = problemBetaRange(
        h,
        width,
        halfWidth,
        box.step,
        -continuous,
        settings.coldPrecision,
      );
      tasks.push({
        task: {
          iteration: t,
          classIndex: c,
          problem,
          initialState: encodeWeights(box, center),
          betaRange,
          seed: solveSeed(options.seed ?? 0, t, c),
          ingredients: {
            bits: settings.bits,
            eta,
            gradient,
            center,
            lower: box.lower,
            step: box.step,
          },
        },
        box,
        continuous,
        center,
        gradient,
      });
    }
    seconds.qubo += (performance.now() - started) / 1000;

    started = performance.now();
    const results = await Promise.all(tasks.map(({ task }) => solve(task, options.signal)));
    const before = weights.slice();
    seconds.solve += (performance.now() - started) / 1000;

    let surrogate = 0;
    let surrogateContinuous = 0;
    let accepted = 0;
    let iterationQuality = 0;
    const annealClasses: AnnealRecord["classes"][number][] = [];
    for (let c = 0; c < classes; c++) {
      const { box, continuous, center, gradient, task } = tasks[c];
      const set = results[c];
      const bits = sampleBits(set, bestSampleIndex(set));
      const candidate = decodeWeights(box, bits);
      const delta = new Float64Array(width);
      for (let j = 0; j < width; j++) delta[j] = candidate[j] - center[j];
      const value = surrogateValue(h, width, gradient, delta);
      const quality = continuous < 0 ? value / continuous : (value <= 0 ? 1 : 0);
      iterationQuality += quality;
      surrogateContinuous += continuous;
      if (value < 0) {
        accepted++;
        surrogate += value;
        for (let j = 0; j < width; j++) weights[j * classes + c] = candidate[j];
      }
      if (t === 1) {
        annealClasses.push({
          classIndex: c,
          energies: Array.from(set.energies),
          stayEnergy: surrogateValue(h, width, gradient, stayDelta(box, center)),
          continuousEnergy: continuous,
        });
      }
      if (t === 1 && c === 0) quboSample = { problem: task.problem, classIndex: 0, iteration: 1 };
    }
    if (t === 1) {
      const info = results[0]?.info;
      anneal = {
        iteration: 1,
        sampler: options.sampler ?? "unknown",
        // Only what the sampler reported: a D-Wave solver has no beta range to record.
        betaRange: info?.betaRange ? [info.betaRange[0], info.betaRange[1]] : undefined,
        betaSchedule: Array.isArray(info?.betaSchedule)
          ? (info.betaSchedule as number[])
          : undefined,
        classes: annealClasses,
      };
    }
    qualitySum += iterationQuality;
    quboCount += classes;

    started = performance.now();
    const previous = current;
    current = await evaluate();
    // Below Bohning's bound the surrogate no longer majorises the loss: an iteration that raised
    // the training objective is undone and retried with a larger eta.
    const rejected = adaptive &&
      mustUndo(settings, eta, accepted > 0 && current.objective > previous.objective);
    const etaUsed = eta;
    if (rejected) {
      weights.set(before);
      current = previous;
      accepted = 0;
      surrogate = 0;
    }
    if (adaptive) setEta(nextEta(settings, eta, rejected));
    const testEval = await evaluator({
      rows: test,
      width,
      weights: weights.slice(),
      classes,
      withGradient: false,
    });
    seconds.evaluate += (performance.now() - started) / 1000;
    const record: IterationRecord = {
      iteration: t,
      crossEntropy: current.crossEntropy,
      trainAccuracy: current.accuracy,
      testAccuracy: testEval.accuracy,
      surrogate,
      surrogateContinuous,
      solveQuality: iterationQuality / classes,
      accepted,
      eta: etaUsed,
      rejected,
      seconds: (performance.now() - iterationStart) / 1000,
    };
    iterations.push(record);
    options.onIteration?.(record);

    if (rejected) continue; // not a stall: the retry with a larger eta decides
    if (current.objective < bestLoss * (1 - settings.tolerance)) {
      bestLoss = current.objective;
      stale = 0;
    } else if (++stale >= settings.patience) {
      break;
    }
  }
  return {
    weights,
    iterations,
    anneal: anneal!,
    quboSample: quboSample!,
    solveQuality: quboCount > 0 ? qualitySum / quboCount : 0,
    quboCount,
    seconds,
  };
}

/** Displacement of the grid point nearest to the current weights ("do not move"). */
function stayDelta(box: Box, center: Float64Array): Float64Array {
  const stay = decodeWeights(box, encodeWeights(box, center));
  for (let j = 0; j < stay.length; j++) stay[j] -= center[j];
  return stay;
}

/** A 32-bit seed mixed from a base seed, the iteration and the class (splitmix-style). */
export function solveSeed(base: number, iteration: number, classIndex: number): number {
  let z = (base >>> 0) ^ Math.imul(iteration + 1, 0x9e3779b1) ^
    Math.imul(classIndex + 1, 0x85ebca77);
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}
