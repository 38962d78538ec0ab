/** pipelines/schema.json shows every sampler parameter of the registry, with its default. */
import assert from "node:assert/strict";
import { pipelineJsonSchema } from "../../lib/pipeline/schema.ts";
import { pipelineDefault, SAMPLERS } from "../../samplers/registry.ts";
import { HYBRID_PARAM_NAMES, QPU_PARAM_NAMES } from "../../samplers/dwave/dwave_params.ts";
import { SA_PARAM_NAMES } from "../../samplers/sa.ts";
import { EXACT_PARAM_NAMES } from "../../samplers/exact.ts";

type Json = Record<string, unknown>;
const sampler = (pipelineJsonSchema().definitions as Record<string, Json>).sampler;
const union = ((sampler.properties as Json).params as Json).properties as Record<string, Json>;
const rules = sampler.allOf as { if: Json; then: Json }[];

function ruleFor(name: string): Record<string, Json> {
  const rule = rules.find((r) => ((r.if.properties as Json).name as Json).const === name);
  assert.ok(rule, `no schema rule for sampler ${name}`);
  const params = (rule.then.properties as Json).params as Json;
  assert.equal(params.additionalProperties, false);
  return params.properties as Record<string, Json>;
}

Deno.test("every registry parameter appears with its type, pipeline default and description", () => {
  let checked = 0;
  for (const entry of SAMPLERS) {
    const props = ruleFor(entry.name);
    assert.deepEqual(Object.keys(props), entry.params.map((p) => p.name), entry.name);
    for (const spec of entry.params) {
      const prop = props[spec.name];
      const where = `${entry.name}.${spec.name}`;
      assert.ok(union[spec.name], `${where} missing from sampler.params`);
      const value = pipelineDefault(entry, spec);
      assert.deepEqual(prop.default, value, `${where} default`);
      const text = prop.description as string;
      assert.ok(text.includes(spec.description), `${where} description`);
      if (value !== undefined) {
        assert.ok(text.includes(`Default: ${JSON.stringify(value)}.`), where);
      } else if (spec.computed) assert.ok(text.includes(`Default: ${spec.computed}.`), where);
      assert.ok((union[spec.name].description as string).includes(`${entry.name}: `), where);
      checked++;
    }
  }
  assert.equal(checked, SAMPLERS.reduce((n, s) => n + s.params.length, 0));
  // A few values spelled out: the pipeline's own default wins over the sampler's.
  assert.equal(ruleFor("sa").numReads.default, 1);
  assert.equal(ruleFor("sa").numSweeps.default, 1000);
  assert.equal(ruleFor("sa").traceEnergy.default, false);
  assert.equal(ruleFor("dwave-qpu").numReads.default, 100);
  assert.deepEqual(ruleFor("sa").moves.anyOf, [
    { type: "string", enum: ["bit", "level", "weight"] },
    { type: "array", minItems: 1, items: { type: "string", enum: ["bit", "level", "weight"] } },
  ]);
  assert.deepEqual((ruleFor("dwave-qpu").chainStrength.anyOf as Json[])[0], {
    anyOf: [{ type: "number" }, { const: "uniform-torque-compensation" }],
  });
  // numReads differs between samplers: the shared entry names each default, claims none.
  assert.equal(union.numReads.default, undefined);
  assert.match(union.numReads.description as string, /dwave-qpu: .*Default: 100\./);
});

Deno.test("the registry lists exactly the parameters each sampler accepts", () => {
  const accepted: Record<string, readonly string[]> = {
    sa: SA_PARAM_NAMES,
    exact: EXACT_PARAM_NAMES,
    "dwave-hybrid": HYBRID_PARAM_NAMES,
    "dwave-qpu": QPU_PARAM_NAMES,
  };
  for (const entry of SAMPLERS) {
    assert.deepEqual(
      [...entry.params.map((p) => p.name)].sort(),
      [...accepted[entry.name]].sort(),
      entry.name,
    );
  }
});

Deno.test("the sa rule applies when the name is left out (sa is the default sampler)", () => {
  const rule = rules.find((r) => ((r.if.properties as Json).name as Json).const === "sa")!;
  assert.equal(rule.if.required, undefined);
  const other = rules.find((r) => ((r.if.properties as Json).name as Json).const === "exact")!;
  assert.deepEqual(other.if.required, ["name"]);
});
