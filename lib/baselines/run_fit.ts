/**
 * One baseline fit by name: what the runner computes, on this thread or in a Worker of the solve
 * pool (the same function, the same bits).
 */
import { fitExactSoftmax } from "./exact.ts";
import type { ExactSettings } from "./exact.ts";
import type { BaselineFit } from "./fit.ts";
import { fitSgdSoftmax } from "./sgd.ts";
import type { SgdSettings } from "./sgd.ts";
import type { HeadProblem } from "../train/train_head.ts";

/** Which baseline, with its settings (ridge included). */
export type BaselineRequest =
  | { readonly method: "sgd"; readonly settings: SgdSettings }
  | { readonly method: "exact"; readonly settings: ExactSettings };

/** Fits the requested baseline on `problem`. */
export function runFit(problem: HeadProblem, request: BaselineRequest): BaselineFit {
  return request.method === "sgd"
    ? fitSgdSoftmax(problem, request.settings)
    : fitExactSoftmax(problem, request.settings);
}

/** Runs a baseline fit somewhere (this thread, a Worker). */
export type BaselineFitter = (
  problem: HeadProblem,
  request: BaselineRequest,
) => BaselineFit | Promise<BaselineFit>;
