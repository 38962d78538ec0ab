/**
 * A fixed pool of Workers that run local solves in parallel (bounded by --jobs). Requests queue
 * in order; each Worker takes the next when it finishes. Deterministic: a solve's result depends
 * only on its QUBO and params (seeded), never on which Worker ran it.
 */
import { UserError } from "../errors.ts";
import type { Qubo } from "../qubo.ts";
import type { SampleInfo, SampleSet } from "../../samplers/sampler.ts";
import type { LOCAL_SAMPLERS } from "./local_solve.ts";

/** Message to a Worker. */
export interface SolveRequest {
  readonly id: number;
  readonly sampler: (typeof LOCAL_SAMPLERS)[number];
  readonly n: number;
  readonly q: Float64Array;
  readonly offset: number;
  readonly params: Record<string, unknown>;
}

/** Message from a Worker. */
export type SolveReply =
  | {
    readonly id: number;
    readonly ok: true;
    readonly n: number;
    readonly numReads: number;
    readonly samples: Uint8Array;
    readonly energies: Float64Array;
    readonly info: SampleInfo;
  }
  | {
    readonly id: number;
    readonly ok: false;
    readonly message: string;
    readonly userError: boolean;
  };

interface Pending {
  readonly request: SolveRequest;
  readonly resolve: (set: SampleSet) => void;
  readonly reject: (error: Error) => void;
}

/** The pool; call close() when done so the process can exit. */
export class SolvePool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, { worker: Worker; pending: Pending }>();
  private nextId = 1;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./solve_worker.ts", import.meta.url).href, {
        type: "module",
      });
      worker.onmessage = (event: MessageEvent<SolveReply>) => this.finish(worker, event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.failAll(new Error(`solve worker crashed: ${event.message}`));
      };
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Queues a solve. */
  solve(
    sampler: SolveRequest["sampler"],
    qubo: Qubo,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<SampleSet> {
    signal?.throwIfAborted();
    return new Promise<SampleSet>((resolve, reject) => {
      const request: SolveRequest = {
        id: this.nextId++,
        sampler,
        n: qubo.n,
        q: qubo.q,
        offset: qubo.offset,
        params,
      };
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Terminates every Worker; queued solves are rejected. */
  close(): void {
    for (const worker of this.all) worker.terminate();
    this.failAll(new Error("solve pool closed"));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(pending.request.id, { worker, pending });
      worker.postMessage(pending.request);
    }
  }

  private finish(worker: Worker, reply: SolveReply): void {
    const entry = this.running.get(reply.id);
    this.running.delete(reply.id);
    this.idle.push(worker);
    if (entry) {
      if (reply.ok) {
        const { n, numReads, samples, energies, info } = reply;
        entry.pending.resolve({ n, numReads, samples, energies, info });
      } else {
        entry.pending.reject(
          reply.userError ? new UserError(reply.message) : new Error(reply.message),
        );
      }
    }
    this.pump();
  }

  private failAll(error: Error): void {
    for (const { pending } of this.running.values()) pending.reject(error);
    this.running.clear();
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
