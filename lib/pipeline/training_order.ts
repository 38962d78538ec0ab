/**
 * Grid order of the training fields, derived from the schema so a field added to TrainSettings
 * and the schema is expanded into cells and named in cell ids without a third list to update.
 * `bits` goes last: it varies fastest.
 */
import type { TrainingConfig } from "./types.ts";
import { TRAINING_FIELDS } from "./schema.ts";

type TrainingField = keyof TrainingConfig;

/** Every training field except bits, in documentation order. */
export const TRAINING_ID_FIELDS: readonly TrainingField[] = Object.keys(TRAINING_FIELDS)
  .filter((f) => f !== "bits") as TrainingField[];

/** Training fields in grid order (the first varies slowest). */
export const TRAINING_GRID_ORDER: readonly TrainingField[] = [...TRAINING_ID_FIELDS, "bits"];
