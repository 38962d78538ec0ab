/// <reference lib="deno.worker" />
/**
 * Worker side of the solve pool: receives a QUBO and sampler params, answers with the samples.
 */
import { isUserError } from "../errors.ts";
import { solveLocally } from "./local_solve.ts";
import type { SolveReply, SolveRequest } from "./worker_pool.ts";

self.onmessage = (event: MessageEvent<SolveRequest>) => {
  const { id, sampler, n, q, offset, params } = event.data;
  let reply: SolveReply;
  try {
    const set = solveLocally(sampler, { n, q, offset }, params);
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
    };
  }
  self.postMessage(reply);
};
