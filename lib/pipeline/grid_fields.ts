/**
 * Every list the grid and the cell ids need, derived from the schema's field tables, so a field
 * added to the schema is expanded into cells, named in ids and dropped where it does not apply
 * without another list to update.
 *
 * Order: a section's fields in schema (documentation) order, except that the filter seed and
 * the bits K go last in theirs: they vary fastest and close every cell id (.../seed=S/K=B/...).
 */
import { DATASET_FIELDS, FEATURE_FIELDS, type FieldSpec, TRAINING_FIELDS } from "./schema.ts";
import type { FeatureConfig, TrainingConfig } from "./types.ts";

/** The field of each section that varies fastest and is part of every id. */
const FASTEST = { features: "seed", training: "bits" } as const;

function gridOrder(fields: Record<string, FieldSpec>, fastest?: string): string[] {
  const keys = Object.keys(fields).filter((k) => k !== fastest);
  return fastest ? [...keys, fastest] : keys;
}

function idFields(fields: Record<string, FieldSpec>, fastest?: string): string[] {
  return Object.keys(fields).filter((k) => k !== fastest && fields[k].inCellId !== "never");
}

/** Grid order of the fields of each section (the first varies slowest). */
export const GRID_ORDER = {
  dataset: gridOrder(DATASET_FIELDS),
  features: gridOrder(FEATURE_FIELDS, FASTEST.features) as (keyof FeatureConfig)[],
  training: gridOrder(TRAINING_FIELDS, FASTEST.training) as (keyof TrainingConfig)[],
} as const;

/** Fields a cell id names where they vary, per section, in grid order. */
export const ID_FIELDS = {
  dataset: idFields(DATASET_FIELDS),
  features: idFields(FEATURE_FIELDS, FASTEST.features) as (keyof FeatureConfig)[],
  training: idFields(TRAINING_FIELDS, FASTEST.training) as (keyof TrainingConfig)[],
} as const;

/** Dataset fields that apply to one dataset only, with that dataset. */
export const DATASET_OWNERS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DATASET_FIELDS).flatMap(([key, spec]) =>
    spec.appliesTo ? [[key, spec.appliesTo]] : []
  ),
);
