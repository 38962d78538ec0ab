/** The classical baselines on the same frozen features, cached like every other stage. */
import type { FileArtifactCache } from "../cache/store.ts";
import type { BaselineFit } from "../baselines/fit.ts";
import { type BaselineFitter, type BaselineRequest, runFit } from "../baselines/run_fit.ts";
import type { Pipeline } from "../pipeline/types.ts";
import type { PreparedFeatures } from "./feature_stage.ts";
import { BASELINE } from "../stages/baseline.ts";

/** One baseline's numbers (without dataset and seed, which the caller adds). */
export type BaselineResult = Omit<BaselineFit, "weights"> & {
  readonly method: "sgd" | "exact";
  readonly ridge: number;
};

/**
 * Fits (or loads) the SGD and exact baselines the pipeline asks for; `fit` says where a fit runs
 * (default: this thread; the runner passes its Worker pool's).
 */
export async function runBaselines(
  cache: FileArtifactCache,
  prepared: PreparedFeatures,
  settings: Pipeline["baselines"],
  ridge: number,
  fit: BaselineFitter = runFit,
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
      async () => {
        const request: BaselineRequest = method === "sgd"
          ? {
            method,
            settings: { ...(config as Pipeline["baselines"]["sgd"] & object), ridge },
          }
          : {
            method,
            settings: { ...(config as Pipeline["baselines"]["exact"] & object), ridge },
          };
        const { weights, ...numbers } = await fit(prepared.problem, request);
        return { meta: { method, ridge, ...numbers }, arrays: { weights } };
      },
    );
    out.push(entry.meta);
  }
  return out;
}
