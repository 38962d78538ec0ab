/**
 * The exact (L-BFGS) and SGD baselines, an older revision's code beside this one, on the features
 * of a real pipeline, built with the project's own dataset, feature and cache code.
 *
 *   deno run -A benches/baselines_bench.ts pipelines/fashion-mnist.yaml \
 *     [--old <git rev>] [--seeds 1,2,3] [--methods exact,sgd] [--evals 3] \
 *     [--cache-dir /tmp/baselines-bench-cache]
 *
 * --old materialises `lib/` of that revision (git archive) in a temporary directory and imports
 * its fitExactSoftmax / fitSgdSoftmax / evaluateSoftmax, so old and new run in one process on
 * the same arrays, interleaved per seed. Without --old only the current code runs. --evals times
 * that many evaluateSoftmax calls (loss + gradient over the training set) at the exact optimum.
 * The machine is shared: each line carries the load average seen when it finished.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { canonicalJson } from "../lib/cache/canonical.ts";
import { openCache } from "../lib/cache/store.ts";
import { loadDataset } from "../lib/datasets/load.ts";
import { loadPipeline } from "../lib/pipeline/load.ts";
import { datasetKey, prepareFeatures } from "../lib/runner/feature_stage.ts";
import { SeededRandom } from "../lib/random.ts";
import type { HeadProblem } from "../lib/train/train_head.ts";
import * as exactNew from "../lib/baselines/exact.ts";
import * as sgdNew from "../lib/baselines/sgd.ts";
import * as softmaxNew from "../lib/softmax.ts";

type Implementation = {
  readonly label: string;
  readonly fitExactSoftmax: typeof exactNew.fitExactSoftmax;
  readonly fitSgdSoftmax: typeof sgdNew.fitSgdSoftmax;
  readonly evaluateSoftmax: typeof softmaxNew.evaluateSoftmax;
};

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    old: { type: "string" },
    seeds: { type: "string" },
    methods: { type: "string", default: "exact,sgd" },
    evals: { type: "string", default: "3" },
    "cache-dir": { type: "string", default: "/tmp/baselines-bench-cache" },
  },
});
if (positionals.length !== 1) {
  console.error("usage: deno run -A benches/baselines_bench.ts <pipeline.yaml> [--old <rev>]");
  Deno.exit(2);
}
const pipeline = await loadPipeline(positionals[0]);
const methods = values.methods.split(",");
const evals = Number(values.evals);
const seeds = values.seeds?.split(",").map(Number);

const implementations: Implementation[] = [];
if (values.old) implementations.push(await importRevision(values.old));
implementations.push({ label: "new", ...exactNew, ...sgdNew, ...softmaxNew });

/** CPU seconds of this process: on a shared machine, closer to a quiet machine's wall time. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function load(): string {
  return Deno.loadavg().map((v) => v.toFixed(2)).join(" ");
}

/** Revisions before the options object took evaluateSoftmax's eight arguments by position. */
function positionalAdapter(
  // deno-lint-ignore no-explicit-any
  evaluate: (...args: any[]) => softmaxNew.SoftmaxEvaluation,
): typeof softmaxNew.evaluateSoftmax {
  if (evaluate.length <= 1) return evaluate;
  return (o) =>
    evaluate(
      o.rows.x,
      o.rows.count,
      o.width,
      o.rows.labels,
      o.weights,
      o.classes,
      o.withGradient,
      o.ridge ?? 0,
    );
}

/** lib/ of a git revision, extracted once and imported. */
async function importRevision(rev: string): Promise<Implementation> {
  const dir = await Deno.makeTempDir({ prefix: `baselines-${rev}-` });
  const archive = new Deno.Command("sh", {
    args: ["-c", `git archive ${rev} lib | tar -x -C ${dir}`],
  });
  const { code, stderr } = await archive.output();
  if (code !== 0) throw new Error(`git archive ${rev}: ${new TextDecoder().decode(stderr)}`);
  const base = `file://${dir}/lib`;
  const implementation = {
    label: `old ${rev}`,
    ...(await import(`${base}/baselines/exact.ts`)),
    ...(await import(`${base}/baselines/sgd.ts`)),
    evaluateSoftmax: positionalAdapter((await import(`${base}/softmax.ts`)).evaluateSoftmax),
  };
  // Loaded: the sources are no longer needed.
  await Deno.remove(dir, { recursive: true });
  return implementation;
}

const cache = await openCache(values["cache-dir"]);
const seen = new Set<string>();
console.log(`pipeline ${pipeline.name}; ridge ${pipeline.cells[0].training.ridge}`);
console.log(`exact ${JSON.stringify(pipeline.baselines.exact)}`);
console.log(`sgd ${JSON.stringify(pipeline.baselines.sgd)}`);
const datasetRequest = pipeline.cells[0].dataset;
const dataset = await loadDataset(datasetRequest);
const dataKey = await datasetKey(dataset, { ...datasetRequest });
for (const cell of pipeline.cells) {
  const id = canonicalJson({ dataset: cell.dataset, features: cell.features });
  if (seen.has(id) || canonicalJson(cell.dataset) !== canonicalJson(datasetRequest)) continue;
  if (seeds && !seeds.includes(cell.features.seed)) continue;
  seen.add(id);
  const prepared = await prepareFeatures(cache, dataset, dataKey, cell.features);
  const problem = prepared.problem;
  const ridge = cell.training.ridge;
  console.log(
    `\n${cell.dataset.name} seed ${cell.features.seed}: ${problem.train.count} x ${problem.width}, ` +
      `${problem.classes} classes (features ${prepared.seconds.features.toFixed(1)} s)`,
  );
  const optimum = runSeed(problem, ridge);
  timeEvaluations(problem, ridge, optimum);
}

function runSeed(problem: HeadProblem, ridge: number): Float64Array {
  // Without an exact fit, time the evaluation at seeded random weights (not at zero: trivial).
  const random = new SeededRandom(1);
  let optimum: Float64Array = Float64Array.from(
    { length: problem.width * problem.classes },
    () => 0.1 * random.normal(),
  );
  for (const method of methods) {
    if (method !== "exact" && method !== "sgd") continue;
    const fits = implementations.map((impl) => {
      const cpuStarted = cpuSeconds();
      const fit = method === "exact"
        ? impl.fitExactSoftmax(problem, { ...pipeline.baselines.exact!, ridge })
        : impl.fitSgdSoftmax(problem, { ...pipeline.baselines.sgd!, ridge });
      const cpu = cpuSeconds() - cpuStarted;
      const atFit = impl.evaluateSoftmax({
        rows: problem.train,
        width: problem.width,
        weights: fit.weights,
        classes: problem.classes,
        withGradient: true,
        ridge,
      });
      const objective = atFit.objective;
      const gradientNorm = atFit.gradient.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      console.log(
        `  ${method.padEnd(5)} ${impl.label.padEnd(12)} ${
          fit.seconds.toFixed(2).padStart(7)
        } s (cpu ${cpu.toFixed(2).padStart(7)} s)  ` +
          `iterations ${String(fit.iterations).padStart(4)}  converged ${fit.converged}  ` +
          `objective ${objective.toPrecision(15)}  |gradient| ${
            gradientNorm.toExponential(1)
          }  train ${(100 * fit.trainAccuracy).toFixed(3)}%  ` +
          `test ${(100 * fit.testAccuracy).toFixed(3)}%  (load ${load()})`,
      );
      return { fit, objective, cpu };
    });
    if (fits.length === 2) {
      const [a, b] = fits;
      let maxDiff = 0;
      for (let i = 0; i < a.fit.weights.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a.fit.weights[i] - b.fit.weights[i]));
      }
      console.log(
        `  ${method.padEnd(5)} ratio old/new ${(a.fit.seconds / b.fit.seconds).toFixed(1)}x ` +
          `(cpu ${(a.cpu / b.cpu).toFixed(1)}x)  ` +
          `objective difference ${(b.objective - a.objective).toExponential(2)}  ` +
          `max |weight difference| ${maxDiff.toExponential(2)}  ` +
          `same accuracies ${
            a.fit.trainAccuracy === b.fit.trainAccuracy && a.fit.testAccuracy === b.fit.testAccuracy
          }`,
      );
    }
    if (method === "exact") optimum = fits[fits.length - 1].fit.weights;
  }
  return optimum;
}

function timeEvaluations(problem: HeadProblem, ridge: number, w: Float64Array): void {
  if (!(evals > 0)) return;
  const { train, width, classes } = problem;
  const results: softmaxNew.SoftmaxEvaluation[] = [];
  const seconds = implementations.map((impl) => {
    const started = cpuSeconds();
    for (let i = 0; i < evals; i++) {
      results.push(
        impl.evaluateSoftmax({
          rows: train,
          width,
          weights: w,
          classes,
          withGradient: true,
          ridge,
        }),
      );
    }
    return (cpuSeconds() - started) / evals;
  });
  const [first, last] = [results[0], results[results.length - 1]];
  const sameBits = first.objective === last.objective && first.accuracy === last.accuracy &&
    first.gradient.every((g, i) => Object.is(g, last.gradient[i]));
  const line = implementations.map((impl, i) => `${impl.label} ${seconds[i].toFixed(3)} s`);
  const ratio = seconds.length === 2 ? `, ratio ${(seconds[0] / seconds[1]).toFixed(1)}x` : "";
  console.log(
    `  evaluateSoftmax with gradient (cpu s per call): ${line.join(", ")}${ratio}, ` +
      `identical results ${sameBits} (load ${load()})`,
  );
}
