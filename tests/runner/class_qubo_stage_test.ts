import { toDense } from "../../lib/structured_qubo.ts";
import { Command } from "commander";
import { assert } from "../helpers/assert.ts";
import { openCache } from "../../lib/cache/store.ts";
import { loadDataset } from "../../lib/datasets/load.ts";
import { parsePipeline } from "../../lib/pipeline/load.ts";
import { type Qubo, quboEnergy } from "../../lib/qubo.ts";
import { readCooJson } from "../../lib/qubo_format.ts";
import { CLASS_QUBO_STAGE, rebuildClassQubo } from "../../lib/runner/class_qubo_stage.ts";
import { trainCell } from "../../lib/runner/cell_stage.ts";
import { datasetKey, prepareFeatures } from "../../lib/runner/feature_stage.ts";
import { saSampler } from "../../samplers/sa.ts";
import { registerQuboCommand } from "../../cli/qubo.ts";

const YAML = `
name: class-qubos
dataset: { name: digits, trainPerClass: 20, testPerClass: 10 }
features: { filters: 1, kernel: 3, pool: 2, seed: 1 }
training: { bits: 3, iterations: 3, ridge: 0.01 }
sampler: { name: sa, params: { numReads: 1, numSweeps: 50, seed: 0 } }
report: false
`;

Deno.test("every class QUBO of every iteration is cached and rebuilds bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cell = parsePipeline(YAML, "class-qubos.yaml").cells[0];
    const cache = await openCache(`${dir}/cache`, { durable: false });
    const dataset = await loadDataset(cell.dataset);
    const prepared = await prepareFeatures(
      cache,
      dataset,
      await datasetKey(dataset, { ...cell.dataset }),
      cell.features,
    );
    const given: Qubo[] = [];
    const trained = await trainCell(cache, prepared, cell, (_name, problem, params) => {
      given.push(toDense(problem));
      return saSampler.sample(problem, params);
    });
    const classes = prepared.problem.classes;
    assert.strictEqual(trained.qubos.length, trained.iterations.length * classes);
    assert.strictEqual(given.length, trained.qubos.length);

    // Solves run concurrently, so match each rebuilt QUBO to the one the solver was given.
    const unmatched = [...given];
    for (let i = 0; i < trained.qubos.length; i++) {
      const { key, iteration, classIndex } = trained.qubos[i];
      assert.strictEqual(iteration, Math.floor(i / classes) + 1);
      assert.strictEqual(classIndex, i % classes);
      const entry = await cache.readEntry(key);
      assert.ok(entry, `entry ${key}`);
      assert.strictEqual(entry.spec.stage, CLASS_QUBO_STAGE);
      const rebuilt = await rebuildClassQubo(cache, entry.spec, entry.artifact, key);
      const at = unmatched.findIndex((g) =>
        g.n === rebuilt.n && g.offset === rebuilt.offset && g.q.every((v, j) => v === rebuilt.q[j])
      );
      assert.ok(at >= 0, `class QUBO ${iteration}/${classIndex} rebuilds exactly`);
      unmatched.splice(at, 1);
    }
    assert.strictEqual(unmatched.length, 0);

    // Exported as JSON COO, the last QUBO gives the same energies as the one solved.
    const last = trained.qubos[trained.qubos.length - 1];
    const lines: string[] = [];
    const program = new Command().exitOverride();
    registerQuboCommand(program, { cacheDir: `${dir}/cache`, out: (t) => lines.push(t) });
    await program.parseAsync(["qubo", "export", last.key.slice(0, 16), "--format", "json"], {
      from: "user",
    });
    const exported = readCooJson(lines.join("\n"), "export.json");
    const lastEntry = (await cache.readEntry(last.key))!;
    const solved = await rebuildClassQubo(cache, lastEntry.spec, lastEntry.artifact, "last");
    assert.ok(given.some((g) => g.offset === solved.offset));
    for (let trial = 0; trial < 20; trial++) {
      const bits = Uint8Array.from(
        { length: solved.n },
        (_, j) => (j * 7 + trial * 13) % 3 === 0 ? 1 : 0,
      );
      const a = quboEnergy(exported, bits);
      const b = quboEnergy(solved, bits);
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `energy ${a} vs ${b}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exporting a class QUBO whose Gram matrix was removed is one clear sentence", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = await openCache(dir, { durable: false });
    const spec = {
      stage: CLASS_QUBO_STAGE,
      version: 1,
      params: { bits: 1 },
      upstream: { gram: "ab".repeat(32) },
    };
    const artifact = {
      meta: { bits: 1, width: 1, eta: 0.5, ridge: 0 },
      arrays: {
        gradient: new Float64Array([1]),
        center: new Float64Array([0]),
        lower: new Float64Array([-1]),
        step: new Float64Array([2]),
      },
    };
    await assert.rejects(
      rebuildClassQubo(cache, spec, artifact, "Cache entry 1234"),
      /Cache entry 1234 needs the Gram matrix entry abababababab, which is no longer in the cache: re-run the sweep that made it\./,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
