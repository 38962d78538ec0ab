/**
 * Readable cell ids: `<dataset>[:<split>]/<field=value>.../seed=<S>/K=<B>/<sampler>[/<param=value>...]`.
 *
 * A field appears only where it varies across the grid: dataset fields are compared among
 * cells of the same dataset (and split), sampler parameters among cells of the same sampler,
 * everything else across all cells. Fields keep grid order; dataDir (a location, not a
 * parameter) never appears.
 */
import type { CellConfig } from "./types.ts";
import { ID_FIELDS } from "./grid_fields.ts";

type Config = Omit<CellConfig, "id">;

const DATASET_ID_FIELDS = ID_FIELDS.dataset;
const FEATURE_ID_FIELDS = ID_FIELDS.features;
const TRAINING_ID_FIELDS = ID_FIELDS.training;

/** "digits", or "emnist:letters" for a dataset with a split: how ids and tables name it. */
export function datasetLabel(dataset: { readonly name: string; readonly split?: string }): string {
  return dataset.split ? `${dataset.name}:${dataset.split}` : dataset.name;
}

function datasetPrefix(config: Config): string {
  return datasetLabel(config.dataset);
}

/** A value as an id shows it; absent means "all" for subsample sizes, else "default". */
function idValue(value: unknown, absent: string): string {
  if (value === undefined || value === null) return absent;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Fields (by getter) whose value differs between two cells of the same group. */
function varying<K extends string>(
  configs: readonly Config[],
  fields: readonly K[],
  get: (c: Config, field: K) => unknown,
  group: (c: Config) => string,
): Map<string, Set<K>> {
  const seen = new Map<string, Map<K, Set<string>>>();
  for (const c of configs) {
    const g = group(c);
    if (!seen.has(g)) seen.set(g, new Map());
    const byField = seen.get(g)!;
    for (const f of fields) {
      if (!byField.has(f)) byField.set(f, new Set());
      byField.get(f)!.add(JSON.stringify(get(c, f) ?? null));
    }
  }
  const out = new Map<string, Set<K>>();
  for (const [g, byField] of seen) {
    out.set(g, new Set(fields.filter((f) => byField.get(f)!.size > 1)));
  }
  return out;
}

/** The id of every cell, in the same order (uniqueness is checked by the caller). */
export function cellId(configs: readonly Config[]): string[] {
  const dataVary = varying(
    configs,
    DATASET_ID_FIELDS,
    (c, f) => (c.dataset as unknown as Record<string, unknown>)[f],
    datasetPrefix,
  );
  const featureVary = varying(configs, FEATURE_ID_FIELDS, (c, f) => c.features[f], () => "");
  const trainVary = varying(configs, TRAINING_ID_FIELDS, (c, f) => c.training[f], () => "");
  const paramKeys: string[] = [];
  for (const c of configs) {
    for (const k of Object.keys(c.sampler.params)) if (!paramKeys.includes(k)) paramKeys.push(k);
  }
  const paramVary = varying(
    configs,
    paramKeys,
    (c, k) => c.sampler.params[k],
    (c) => c.sampler.name,
  );

  return configs.map((c) => {
    const prefix = datasetPrefix(c);
    const parts = [prefix];
    for (const f of DATASET_ID_FIELDS) {
      if (dataVary.get(prefix)!.has(f)) {
        const value = (c.dataset as unknown as Record<string, unknown>)[f];
        parts.push(`${f}=${idValue(value, f.endsWith("PerClass") ? "all" : "default")}`);
      }
    }
    for (const f of FEATURE_ID_FIELDS) {
      if (featureVary.get("")!.has(f)) parts.push(`${f}=${idValue(c.features[f], "default")}`);
    }
    for (const f of TRAINING_ID_FIELDS) {
      if (trainVary.get("")!.has(f)) parts.push(`${f}=${idValue(c.training[f], "default")}`);
    }
    parts.push(`seed=${c.features.seed}`, `K=${c.training.bits}`, c.sampler.name);
    for (const k of paramKeys) {
      if (paramVary.get(c.sampler.name)!.has(k)) {
        parts.push(`${k}=${idValue(c.sampler.params[k], "default")}`);
      }
    }
    return parts.join("/");
  });
}
