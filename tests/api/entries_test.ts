/**
 * The package's three entry points, as deno.json's exports name them: the mock SAPI is in
 * `./testing` only, the samplers' contract and registry in `./samplers`, and each name resolves
 * through the package's own import specifier as a user's code would write it.
 */
import { assert } from "../helpers/assert.ts";
import denoJson from "../../deno.json" with { type: "json" };
import * as library from "@qubo-cnn/qubo-cnn";
import * as samplers from "@qubo-cnn/qubo-cnn/samplers";
import * as testing from "@qubo-cnn/qubo-cnn/testing";

Deno.test("deno.json exports the library, the samplers and the test helpers", () => {
  assert.deepStrictEqual(denoJson.exports, {
    ".": "./mod.ts",
    "./samplers": "./samplers/mod.ts",
    "./testing": "./testing/mod.ts",
  });
});

Deno.test("the mock SAPI server is exported from ./testing, not from the library", () => {
  assert.strictEqual(typeof testing.startMockSapi, "function");
  assert.strictEqual(typeof testing.FaultPlan, "function");
  for (const entry of [library, samplers]) {
    assert.ok(!("startMockSapi" in entry), "startMockSapi leaked into a non-testing entry");
    assert.ok(!("FaultPlan" in entry), "FaultPlan leaked into a non-testing entry");
  }
});

Deno.test("./samplers holds the registry, the problem forms and both local samplers", () => {
  assert.deepStrictEqual([...samplers.SAMPLER_NAMES], ["sa", "exact", "dwave-hybrid", "dwave-qpu"]);
  assert.strictEqual(samplers.samplerEntry("sa").location, "local");
  assert.strictEqual(new samplers.SaSampler().name, "sa");
  assert.strictEqual(samplers.exactSampler.name, "exact");
  const structured = samplers.makeStructuredQubo({
    h: new Float64Array([1]),
    gradient: new Float64Array([0]),
    center: new Float64Array([0]),
    lower: new Float64Array([-1]),
    step: new Float64Array([1]),
    bits: 2,
  });
  assert.strictEqual(samplers.problemForm(structured), "structured");
});

Deno.test("the library re-exports the samplers' public classes from the same modules", () => {
  assert.strictEqual(library.SaSampler, samplers.SaSampler);
  assert.strictEqual(library.ExactSampler, samplers.ExactSampler);
  assert.strictEqual(library.solveExact, samplers.solveExact);
  assert.strictEqual(library.createDwaveSampler, samplers.createDwaveSampler);
});

Deno.test("createDwaveSampler of ./samplers names the two D-Wave samplers and nothing else", () => {
  assert.strictEqual(samplers.createDwaveSampler("dwave-hybrid").name, "dwave-hybrid");
  assert.strictEqual(samplers.createDwaveSampler("dwave-qpu").name, "dwave-qpu");
  assert.throws(
    () => samplers.createDwaveSampler("dwave-nope" as samplers.DwaveSamplerName),
    { message: 'Unknown D-Wave sampler "dwave-nope"; use one of dwave-hybrid, dwave-qpu.' },
  );
});
