/**
 * Solve quality of the structured "sa" on the hard class problems: bit moves at several sweep
 * counts against level and weight (heat-bath) moves, with the kernel time of each. Quality = surrogate decrease reached / the
 * continuous minimiser's (1 = as good as the continuous step).
 *
 *   deno run -A benches/solve_quality_bench.ts [--pipeline pipelines/mnist.yaml] [--seed 2]
 *     [--bits 20] [--iterations 10,30] [--classes 10]
 *
 * The class problems come from the pipeline's own training loop (200 sweeps, as committed) at
 * the chosen iterations; late iterations, with eta shrunk by the adaptive schedule, are the ill
 * conditioned ones where single-bit annealing loses quality (DESIGN.md 1.2, BENCHMARKS.md).
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { openCache } from "../lib/cache/store.ts";
import { loadDataset } from "../lib/datasets/load.ts";
import { cholesky } from "../lib/linalg/cholesky.ts";
import { parsePipeline } from "../lib/pipeline/load.ts";
import { datasetKey, prepareFeatures } from "../lib/runner/feature_stage.ts";
import { structuredDisplacement, surrogateAt } from "../lib/structured_qubo.ts";
import { continuousStep } from "../lib/train/surrogate.ts";
import { type ClassQuboTask, trainQuboHead } from "../lib/train/train_head.ts";
import { anneal, type SaParams } from "../samplers/sa.ts";

const { values } = parseArgs({
  options: {
    pipeline: { type: "string", default: "pipelines/mnist.yaml" },
    seed: { type: "string", default: "2" },
    bits: { type: "string", default: "20" },
    iterations: { type: "string", default: "10,30" },
    classes: { type: "string", default: "10" },
    "cache-dir": { type: "string", default: ".cache" },
  },
});
const file = values.pipeline!;
const cell = parsePipeline(await Deno.readTextFile(file), file).cells.find((c) =>
  c.training.bits === Number(values.bits) && c.features.seed === Number(values.seed)
)!;
const captureAt = values.iterations!.split(",").map(Number);
const classes = Number(values.classes);

const cache = await openCache(values["cache-dir"]!, { durable: false });
const dataset = await loadDataset(cell.dataset);
const prepared = await prepareFeatures(
  cache,
  dataset,
  await datasetKey(dataset, { ...cell.dataset }),
  cell.features,
);
const captured: ClassQuboTask[] = [];
const last = Math.max(...captureAt);
const sweeps = Number(cell.sampler.params.numSweeps ?? 200);
await trainQuboHead(prepared.problem, {
  settings: { ...cell.training, iterations: last, patience: last + 1 },
  seed: 0,
  solve: (task) => {
    if (captureAt.includes(task.iteration) && task.classIndex < classes) captured.push(task);
    return Promise.resolve(anneal(task.problem, paramsFor(task, { numSweeps: sweeps })));
  },
});

function paramsFor(task: ClassQuboTask, extra: SaParams): SaParams {
  return {
    numReads: 1,
    seed: task.seed,
    betaRange: task.betaRange,
    initialStates: task.initialState,
    ...extra,
  };
}

/** Quality of the best read and the kernel seconds of one configuration on one problem. */
function measure(task: ClassQuboTask, extra: SaParams): { quality: number; seconds: number } {
  const problem = task.problem;
  const step = continuousStep(cholesky(problem.h, problem.width), problem.gradient);
  const continuous = surrogateAt(problem, step);
  const set = anneal(problem, paramsFor(task, extra));
  const value = surrogateAt(problem, structuredDisplacement(problem, set.samples));
  return { quality: value / continuous, seconds: set.info.timing.anneal as number };
}

const configs: [string, SaParams][] = [
  ["bit 200", { numSweeps: 200 }],
  ["bit 1000", { numSweeps: 1000 }],
  ["bit 2000", { numSweeps: 2000 }],
  ["level 50", { numSweeps: 50, moves: "level" }],
  ["level 100", { numSweeps: 100, moves: "level" }],
  ["level 200", { numSweeps: 200, moves: "level" }],
  ["level 1000", { numSweeps: 1000, moves: "level" }],
  ["weight 50", { numSweeps: 50, moves: "weight" }],
  ["weight 100", { numSweeps: 100, moves: "weight" }],
  ["weight 200", { numSweeps: 200, moves: "weight" }],
  ["weight 300", { numSweeps: 300, moves: "weight" }],
  ["weight 500", { numSweeps: 500, moves: "weight" }],
  ["weight 1000", { numSweeps: 1000, moves: "weight" }],
];
console.log(
  `${cell.id}: ${captured.length} class problems at iterations ${captureAt.join(", ")}; ` +
    `load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`,
);
console.log("config | mean quality | min quality | kernel s per solve");
for (const [label, extra] of configs) {
  const results = captured.map((task) => measure(task, extra));
  const mean = results.reduce((s, r) => s + r.quality, 0) / results.length;
  const min = Math.min(...results.map((r) => r.quality));
  const seconds = results.reduce((s, r) => s + r.seconds, 0) / results.length;
  console.log(`${label} | ${mean.toFixed(4)} | ${min.toFixed(4)} | ${seconds.toFixed(3)}`);
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
