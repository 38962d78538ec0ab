/// <reference lib="deno.worker" />
/**
 * Worker side of the solve pool: receives a problem (dense, or structured with its H in shared
 * memory) and sampler params, answers with the samples; or a softmax evaluation or a baseline
 * fit (the rows in shared memory), answers with what evaluateSoftmax or the fit returns.
 */
import { isUserError } from "../errors.ts";
import { samplerEntry } from "../../samplers/registry.ts";
import { evaluateSoftmax } from "../softmax.ts";
import { runFit } from "../baselines/run_fit.ts";
import type { PoolRequest, PoolResult, SolveReply } from "./worker_pool.ts";

self.onmessage = (event: MessageEvent<PoolRequest>) => {
  const request = event.data;
  const id = request.id;
  let reply: SolveReply;
  try {
    reply = { id, ok: true, value: run(request) };
  } catch (error) {
    reply = {
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      userError: isUserError(error),
      ...(isUserError(error) ? { code: error.code } : {}),
    };
  }
  self.postMessage(reply);
};

/** The result of one request, by its kind. */
function run(request: PoolRequest): PoolResult {
  if (request.kind === "evaluate") return evaluateSoftmax(request.input);
  if (request.kind === "baseline") return runFit(request.problem, request.request);
  const { sampler, problem, params } = request;
  const solve = samplerEntry(sampler).solveLocally;
  if (!solve) throw new Error(`sampler "${sampler}" does not run locally`);
  const { n, numReads, samples, energies, info } = solve(problem, params);
  return { n, numReads, samples, energies, info };
}
