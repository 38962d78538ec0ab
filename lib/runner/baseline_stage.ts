/** The classical baselines on the same frozen features, cached like every other stage. */
import type { FileArtifactCache } from "../cache/store.ts";
import { fitExactSoftmax } from "../baselines/exact.ts";
import { fitSgdSoftmax } from "../baselines/sgd.ts";
import type { BaselineFit } from "../baselines/fit.ts";
import type { Pipeline } from "../pipeline/types.ts";
import type { PreparedFeatures } from "./feature_stage.ts";
import { BASELINE } from "../stages/baseline.ts";

/** One baseline's numbers (without dataset and seed, which the caller adds). */
export type BaselineResult = Omit<BaselineFit, "weights"> & {
  readonly method: "sgd" | "exact";
  readonly ridge: number;
};

/** Fits (or loads) the SGD and exact baselines the pipeline asks for. */
export async function runBaselines(
  cache: FileArtifactCache,
  prepared: PreparedFeatures,
  settings: Pipeline["baselines"],
  ridge: number,
): Promise<BaselineResult[]> {
  const out: BaselineResult[] = [];
  const methods = [
    ["sgd", settings.sgd] as const,
    ["exact", settings.exact] as const,
  ];
  for (const [method, config] of methods) {
    if (!config) continue;
    const entry = await BASELINE.run(
      cache,
      { method, config, ridge, features: prepared.keys.features },
      () => {
        const fit = method === "sgd"
          ? fitSgdSoftmax(prepared.problem, {
            ...(config as Pipeline["baselines"]["sgd"] & object),
            ridge,
          })
          : fitExactSoftmax(prepared.problem, {
            ...(config as Pipeline["baselines"]["exact"] & object),
            ridge,
          });
        const { weights, ...numbers } = fit;
        return { meta: { method, ridge, ...numbers }, arrays: { weights } };
      },
    );
    out.push(entry.meta);
  }
  return out;
}
