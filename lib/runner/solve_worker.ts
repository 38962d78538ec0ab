/// <reference lib="deno.worker" />
/**
 * Worker side of the solve pool: receives a problem (dense, or structured with its H in shared
 * memory) and sampler params, answers with the samples.
 */
import { isUserError } from "../errors.ts";
import { samplerEntry } from "../../samplers/registry.ts";
import type { SolveReply, SolveRequest } from "./worker_pool.ts";

self.onmessage = (event: MessageEvent<SolveRequest>) => {
  const { id, sampler, problem, params } = event.data;
  let reply: SolveReply;
  try {
    const solve = samplerEntry(sampler).solveLocally;
    if (!solve) throw new Error(`sampler "${sampler}" does not run locally`);
    const set = solve(problem, params);
    reply = {
      id,
      ok: true,
      n: set.n,
      numReads: set.numReads,
      samples: set.samples,
      energies: set.energies,
      info: set.info,
    };
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
