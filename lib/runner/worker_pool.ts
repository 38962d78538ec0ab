/**
 * A fixed pool of Workers that run local solves in parallel (bounded by --jobs). Requests queue
 * in order; each Worker takes the next when it finishes. Deterministic: a solve's result depends
 * only on its problem and params (seeded), never on which Worker ran it.
 *
 * A structured problem travels as its curvature H plus four width-long vectors; the C class
 * problems of an iteration share one H, which is copied once into shared memory and then reaches
 * every Worker without a copy (a dense n x n matrix, 67 MB at n = 2,900, is copied per solve).
 *
 * The training loop's passes over the data (softmax loss and gradient, evaluateSoftmax) run on
 * the same pool: the rows of X and their labels go into shared memory once per array, so the
 * thread that coordinates the cells does not serialise every cell's evaluations.
 */
import { UserError, type UserErrorCode } from "../errors.ts";
import { isStructured, type QuboProblem } from "../structured_qubo.ts";
import type { SampleSet } from "../../samplers/sampler.ts";
import type { SoftmaxEvaluation, SoftmaxInput } from "../softmax.ts";
import type { BaselineFit } from "../baselines/fit.ts";
import type { BaselineRequest } from "../baselines/run_fit.ts";
import type { HeadProblem, LabelledMatrix } from "../train/train_head.ts";

/** Message to a Worker: a solve. */
export interface SolveRequest {
  readonly kind: "solve";
  readonly id: number;
  /** A local sampler of the registry. */
  readonly sampler: string;
  readonly problem: QuboProblem;
  readonly params: Record<string, unknown>;
}

/** Message to a Worker: one evaluateSoftmax pass (rows in shared memory). */
export interface EvaluateRequest {
  readonly kind: "evaluate";
  readonly id: number;
  readonly input: SoftmaxInput;
}

/** Message to a Worker: one baseline fit (the feature rows in shared memory). */
export interface BaselineFitRequest {
  readonly kind: "baseline";
  readonly id: number;
  readonly problem: HeadProblem;
  readonly request: BaselineRequest;
}

/** Any message to a Worker. */
export type PoolRequest = SolveRequest | EvaluateRequest | BaselineFitRequest;

/** What a Worker answers to each kind of request. */
export type PoolResult = SampleSet | SoftmaxEvaluation | BaselineFit;

/** Message from a Worker. */
export type SolveReply =
  | {
    readonly id: number;
    readonly ok: true;
    /** The request's result: a SampleSet, a SoftmaxEvaluation or a BaselineFit, by its kind. */
    readonly value: PoolResult;
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
  readonly request: PoolRequest;
  /** Takes the result of the request's kind. */
  readonly resolve: (value: PoolResult) => void;
  readonly reject: (error: Error) => void;
}

/** The pool; call close() when done so the process can exit. */
export class SolvePool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, { worker: Worker; pending: Pending }>();
  private nextId = 1;
  /** Arrays already copied into shared memory (H, X, labels), by the caller's array. */
  private readonly shared = new WeakMap<ArrayBufferView, ArrayBufferView>();

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
    return this.enqueue<SampleSet>({
      kind: "solve",
      id: this.nextId++,
      sampler,
      problem: isStructured(problem) ? { ...problem, h: this.sharedCopy(problem.h) } : problem,
      params,
    });
  }

  /**
   * Queues one evaluateSoftmax pass; the same bits as on this thread. X and the labels are
   * shared (copied once per array), the weights copied with the message.
   */
  evaluate(input: SoftmaxInput): Promise<SoftmaxEvaluation> {
    return this.enqueue<SoftmaxEvaluation>({
      kind: "evaluate",
      id: this.nextId++,
      input: { ...input, rows: this.sharedRows(input.rows) },
    });
  }

  /** Queues one baseline fit (SGD or exact); the feature rows are shared, copied once. */
  fitBaseline(problem: HeadProblem, request: BaselineRequest): Promise<BaselineFit> {
    return this.enqueue<BaselineFit>({
      kind: "baseline",
      id: this.nextId++,
      problem: {
        ...problem,
        train: this.sharedRows(problem.train),
        test: this.sharedRows(problem.test),
      },
      request,
    });
  }

  /** Queues a request; resolves with its result (of the type its kind answers with). */
  private enqueue<T extends PoolResult>(request: PoolRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ request, resolve: (value) => resolve(value as T), reject });
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

  /** Rows and labels in shared memory. */
  private sharedRows<T extends LabelledMatrix>(rows: T): T {
    return { ...rows, x: this.sharedCopy(rows.x), labels: this.sharedCopy(rows.labels) };
  }

  /** An array in shared memory (copied on first use), so posting it to a Worker copies nothing. */
  private sharedCopy<T extends Float64Array | Uint16Array>(array: T): T {
    if (array.buffer instanceof SharedArrayBuffer) return array;
    let copy = this.shared.get(array) as T | undefined;
    if (!copy) {
      const Kind = array.constructor as new (buffer: SharedArrayBuffer) => T;
      copy = new Kind(new SharedArrayBuffer(array.byteLength));
      copy.set(array);
      this.shared.set(array, copy);
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
        entry.pending.resolve(reply.value);
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
