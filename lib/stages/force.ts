/**
 * `--force STAGE`: recompute a cached stage on purpose. A stage that runs inside another is
 * recomputed only when that one runs, and a recomputed stage gives its downstream the same
 * keys, so forcing a stage forces what must run for it to run at all: solve, class-qubo and
 * the sample qubo run inside train; features and gram feed train and the baselines.
 */
import { UserError } from "../errors.ts";

/** Each stage and the stages forced with it. */
const FORCED_WITH: Readonly<Record<string, readonly string[]>> = {
  features: ["features", "gram", "train", "class-qubo", "solve", "qubo", "baseline"],
  gram: ["gram", "train", "class-qubo", "solve", "qubo"],
  train: ["train", "qubo"],
  "class-qubo": ["class-qubo", "solve", "train", "qubo"],
  solve: ["solve", "train", "qubo"],
  qubo: ["qubo", "train"],
  baseline: ["baseline"],
};

/** Stage names --force accepts. */
export const FORCEABLE_STAGES: readonly string[] = Object.keys(FORCED_WITH);

/** The stages to recompute for a --force list; a UserError names an unknown stage. */
export function forcedStages(requested: readonly string[]): string[] {
  const out = new Set<string>();
  for (const stage of requested) {
    const with_ = FORCED_WITH[stage];
    if (!with_) {
      throw new UserError(
        `--force ${stage}: no such stage; use one of ${FORCEABLE_STAGES.join(", ")}.`,
      );
    }
    for (const s of with_) out.add(s);
  }
  return [...out];
}
