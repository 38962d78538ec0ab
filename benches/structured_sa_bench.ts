/**
 * The dense and the structured "sa" kernels side by side, in one process, on the same real class
 * problems: digits K = 10 (n = 370) and K = 20 (n = 740), MNIST K = 20 (n = 2,900), taken from the
 * training loop of the committed pipelines (features of digits.yaml and mnist.yaml, filter seed
 * 1, trust policy, adaptive eta) at iterations 1 and 10.
 *
 *   deno run -A benches/structured_sa_bench.ts [--reads 10] [--sweeps 200] [--classes 3]
 *
 * Every problem is annealed by both kernels in alternation (dense, structured, dense, ...) with
 * the same seed, initial state (the current weights) and beta range, so machine load falls on
 * both alike. Prints attempted flips/s, accepted flips, best and mean energy per kernel, whether
 * the samples are identical, and the speed ratio; the load average is printed before and after.
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { openCache } from "../lib/cache/store.ts";
import { loadDataset } from "../lib/datasets/load.ts";
import { parsePipeline } from "../lib/pipeline/load.ts";
import { datasetKey, prepareFeatures } from "../lib/runner/feature_stage.ts";
import { type StructuredQubo, structuredToDense } from "../lib/structured_qubo.ts";
import { type ClassQuboTask, trainQuboHead } from "../lib/train/train_head.ts";
import { anneal } from "../samplers/sa.ts";

const { values } = parseArgs({
  options: {
    reads: { type: "string", default: "10" },
    sweeps: { type: "string", default: "200" },
    classes: { type: "string", default: "3" },
    iterations: { type: "string", default: "1,10" },
  },
});
const reads = Number(values.reads);
const sweeps = Number(values.sweeps);
const classesPerSize = Number(values.classes);
const captureAt = values.iterations!.split(",").map(Number);

/** Class problems of one pipeline at the chosen iterations (trained with the structured kernel). */
async function classProblems(
  pipelineFile: string,
  bits: number,
): Promise<{ label: string; task: ClassQuboTask }[]> {
  const text = await Deno.readTextFile(pipelineFile);
  const cell = parsePipeline(text, pipelineFile).cells.find((c) =>
    c.training.bits === bits && c.features.seed === 1
  )!;
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-bench-" });
  try {
    const cache = await openCache(dir, { durable: false });
    const dataset = await loadDataset(cell.dataset);
    const prepared = await prepareFeatures(
      cache,
      dataset,
      await datasetKey(dataset, { ...cell.dataset }),
      cell.features,
    );
    const captured: { label: string; task: ClassQuboTask }[] = [];
    const last = Math.max(...captureAt);
    await trainQuboHead(prepared.problem, {
      settings: { ...cell.training, iterations: last, patience: last + 1 },
      seed: 0,
      solve: (task) => {
        if (captureAt.includes(task.iteration) && task.classIndex < classesPerSize) {
          captured.push({ label: `${cell.dataset.name} it ${task.iteration}`, task });
        }
        return Promise.resolve(
          anneal(task.problem, {
            numReads: 1,
            numSweeps: 200,
            seed: task.seed,
            betaRange: task.betaRange,
            initialStates: task.initialState,
          }),
        );
      },
    });
    return captured;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

interface KernelRun {
  seconds: number;
  attempted: number;
  accepted: number;
  best: number;
  mean: number;
  samples: Uint8Array;
}

function run(problem: StructuredQubo, task: ClassQuboTask, kernel: "dense" | "structured") {
  const started = performance.now();
  // The dense kernel gets its matrix built outside the timed kernel, as the runner did.
  const set = anneal(kernel === "dense" ? structuredToDense(problem) : problem, {
    numReads: reads,
    numSweeps: sweeps,
    seed: task.seed,
    betaRange: task.betaRange,
    initialStates: task.initialState,
  });
  const total = (performance.now() - started) / 1000;
  const anneal_ = set.info.timing.anneal as number;
  let best = Infinity, sum = 0;
  for (const e of set.energies) {
    best = Math.min(best, e);
    sum += e;
  }
  return {
    seconds: anneal_,
    total,
    attempted: set.info.attemptedFlips as number,
    accepted: set.info.acceptedFlips as number,
    best,
    mean: sum / set.numReads,
    samples: set.samples,
  } satisfies KernelRun & { total: number };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(
  `structured vs dense sa kernel: ${reads} reads x ${sweeps} sweeps per problem, ` +
    `${classesPerSize} classes at iterations ${captureAt.join(", ")}; load average ${load()}`,
);
const sizes: [string, number][] = [
  ["pipelines/digits.yaml", 10],
  ["pipelines/digits.yaml", 20],
  ["pipelines/mnist.yaml", 20],
];
const header = [
  "problem",
  "n",
  "dense M/s",
  "struct M/s",
  "ratio",
  "accepted",
  "same",
  "best (dense / struct)",
  "mean (dense / struct)",
];
console.log(header.join(" | "));
const perSize: Record<number, { dense: number; structured: number; attempted: number }> = {};
for (const [file, bits] of sizes) {
  for (const { label, task } of await classProblems(file, bits)) {
    const problem = task.problem;
    const dense = run(problem, task, "dense");
    const structured = run(problem, task, "structured");
    const same = dense.samples.every((b, i) => b === structured.samples[i]);
    const entry = perSize[problem.n] ??= { dense: 0, structured: 0, attempted: 0 };
    entry.dense += dense.seconds;
    entry.structured += structured.seconds;
    entry.attempted += dense.attempted;
    console.log(
      [
        `${label} class ${task.classIndex}`,
        problem.n,
        (dense.attempted / dense.seconds / 1e6).toFixed(2),
        (structured.attempted / structured.seconds / 1e6).toFixed(2),
        `${(dense.seconds / structured.seconds).toFixed(1)}x`,
        `${dense.accepted} / ${structured.accepted}`,
        same ? "yes" : "no",
        `${dense.best.toExponential(6)} / ${structured.best.toExponential(6)}`,
        `${dense.mean.toExponential(6)} / ${structured.mean.toExponential(6)}`,
      ].join(" | "),
    );
  }
}
console.log("\nper size (all problems of that size together):");
for (const [n, t] of Object.entries(perSize)) {
  console.log(
    `n = ${n}: dense ${(t.attempted / t.dense / 1e6).toFixed(2)} M/s, structured ${
      (t.attempted / t.structured / 1e6).toFixed(2)
    } M/s, ratio ${(t.dense / t.structured).toFixed(1)}x`,
  );
}
console.log(`load average after: ${load()}`);
