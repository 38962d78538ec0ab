/**
 * A fixed pool of Workers that run local solves in parallel (bounded by --jobs). Requests queue
 * in order; each Worker takes the next when it finishes. Deterministic: a solve's result depends
 * only on its problem and params (seeded), never on which Worker ran it.
 *
 * A structured problem travels as its curvature H plus four width-long vectors; the C class
 * problems of an iteration share one H, which is copied once into shared memory and then reaches
 * every Worker without a copy (a dense n x n matrix, 67 MB at n = 2,900, is copied per solve).
 */
import { UserError, type UserErrorCode } from "../errors.ts";
import { isStructured, type QuboProblem } from "../structured_qubo.ts";
import type { SampleInfo, SampleSet } from "../../samplers/sampler.ts";

/** Message to a Worker. */
export interface SolveRequest {
  readonly id: number;
  /** A local sampler of the registry. */
  readonly sampler: string;
  readonly problem: QuboProblem;
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
    /** The UserError's code, carried across the Worker boundary. */
    readonly code?: UserErrorCode;
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
  /** H arrays already copied into shared memory, by the training loop's array. */
  private readonly shared = new WeakMap<Float64Array, Float64Array>();

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
    sampler: string,
    problem: QuboProblem,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<SampleSet> {
    signal?.throwIfAborted();
    return new Promise<SampleSet>((resolve, reject) => {
      const request: SolveRequest = {
        id: this.nextId++,
        sampler,
        problem: isStructured(problem) ? { ...problem, h: this.sharedCopy(problem.h) } : problem,
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

  /** H in shared memory (copied on first use), so posting it to a Worker copies nothing. */
  private sharedCopy(h: Float64Array): Float64Array {
    if (h.buffer instanceof SharedArrayBuffer) return h;
    let copy = this.shared.get(h);
    if (!copy) {
      copy = new Float64Array(new SharedArrayBuffer(h.byteLength));
      copy.set(h);
      this.shared.set(h, copy);
    }
    return copy;
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
          reply.userError
            ? new UserError(reply.message, { code: reply.code })
            : new Error(reply.message),
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
