/**
 * The JSON Schema of `sampler.params`, generated from the sampler registry
 * (samplers/registry.ts), so editors show every parameter of every sampler with its type, its
 * default in a pipeline and what it means, and flag a parameter the named sampler does not take.
 * Nothing here is written by hand: a parameter added to the registry appears in the schema.
 */
import {
  pipelineDefault,
  type SamplerEntry,
  type SamplerParamSpec,
  SAMPLERS,
} from "../../samplers/registry.ts";

type Json = Record<string, unknown>;

/** The schema of one value of a parameter. */
function valueSchema(spec: SamplerParamSpec): Json {
  const bounds = (schema: Json): Json => ({
    ...schema,
    ...(spec.min !== undefined ? { minimum: spec.min } : {}),
    ...(spec.max !== undefined ? { maximum: spec.max } : {}),
  });
  switch (spec.type) {
    case "integer":
      return bounds({ type: "integer" });
    case "number":
      // A number that also takes a named rule (chainStrength: "uniform-torque-compensation").
      return typeof spec.default === "string"
        ? { anyOf: [bounds({ type: "number" }), { const: spec.default }] }
        : bounds({ type: "number" });
    case "boolean":
      return { type: "boolean" };
    case "string":
      return { type: "string" };
    case "enum":
      return { type: "string", enum: [...(spec.values ?? [])] };
    case "number-list":
      return { type: "array", minItems: 1, items: bounds({ type: "number" }) };
    case "bits":
      return { type: "array", minItems: 1, items: { enum: [0, 1] } };
  }
}

/** A value, or a list of values that sweeps (a list of arrays for array-valued parameters). */
function sweepable(spec: SamplerParamSpec): Json {
  const one = valueSchema(spec);
  return { anyOf: [one, { type: "array", minItems: 1, items: one }] };
}

/** What one sampler's parameter says: meaning, then its default or how it is chosen. */
function describe(entry: SamplerEntry, spec: SamplerParamSpec): string {
  const value = pipelineDefault(entry, spec);
  const chosen = value !== undefined
    ? ` Default: ${JSON.stringify(value)}.`
    : spec.computed !== undefined
    ? ` Default: ${spec.computed}.`
    : "";
  return `${spec.description}${chosen}`;
}

/** The schema of one parameter as one sampler declares it (type, default, description). */
export function samplerParamSchema(entry: SamplerEntry, spec: SamplerParamSpec): Json {
  const value = pipelineDefault(entry, spec);
  return {
    description: `${entry.name}: ${describe(entry, spec)} A list of values sweeps it.`,
    ...(value !== undefined ? { default: value } : {}),
    ...sweepable(spec),
  };
}

/**
 * `sampler.params` for editors: every parameter of every sampler (its description names the
 * samplers that take it and each one's default), plus, per sampler name, only the parameters
 * that sampler takes (draft-07 if/then on `name`).
 */
export function samplerParamsJsonSchema(description: string): { params: Json; rules: Json[] } {
  const names = [...new Set(SAMPLERS.flatMap((s) => s.params.map((p) => p.name)))];
  const properties: Json = {};
  for (const name of names) {
    const owners = SAMPLERS.filter((s) => s.params.some((p) => p.name === name));
    const specs = owners.map((s) => ({ entry: s, spec: s.params.find((p) => p.name === name)! }));
    const defaults = new Set(
      specs.map(({ entry, spec }) => JSON.stringify(pipelineDefault(entry, spec))),
    );
    const first = specs[0];
    properties[name] = {
      description: specs.map(({ entry, spec }) => `${entry.name}: ${describe(entry, spec)}`)
        .join(" | "),
      ...(defaults.size === 1 && pipelineDefault(first.entry, first.spec) !== undefined
        ? { default: pipelineDefault(first.entry, first.spec) }
        : {}),
      ...sweepable(first.spec),
    };
  }
  const rules = SAMPLERS.map((entry) => ({
    if: {
      properties: { name: { const: entry.name } },
      ...(entry.name === SAMPLERS[0].name ? {} : { required: ["name"] }),
    },
    then: {
      properties: {
        params: {
          type: "object",
          properties: Object.fromEntries(
            entry.params.map((spec) => [spec.name, samplerParamSchema(entry, spec)]),
          ),
          additionalProperties: false,
        },
      },
    },
  }));
  return {
    params: { description, default: {}, type: "object", properties },
    rules,
  };
}
