/**
 * The exact sampler "exact": enumerates all 2^n states of a small QUBO (n <= 24) and returns
 * the numReads lowest distinct ones, sorted by energy. It is the ground truth the other
 * samplers are tested against.
 *
 * States are visited in Gray-code order, so each step flips one bit k and costs O(n): the energy
 * changes by s_k f_k and every field f_j by 2 s_k Q_jk (the same bookkeeping as the annealer).
 * Fields and energy are recomputed from scratch every 4096 steps so rounding cannot drift, and
 * the final candidates are re-ranked by energies recomputed with quboEnergy.
 */
import { UserError } from "../lib/errors.ts";
import { type Qubo, quboEnergy } from "../lib/qubo.ts";
import { isStructured, type QuboProblem, structuredToDense } from "../lib/structured_qubo.ts";
import {
  checkKnownParams,
  checkQubo,
  checkStructuredQubo,
  intParam,
  type RawParams,
} from "./params.ts";
import type { SamplerParamSpec } from "./param_spec.ts";
import type { Sampler, SampleSet } from "./sampler.ts";

const NAME = "exact";

/** Largest n the exact sampler enumerates (2^24 = 16.8 M states, about a second). */
export const EXACT_MAX_N = 24;

/** Parameters of the "exact" sampler. */
export interface ExactParams {
  /** How many of the lowest distinct states to return (default 1; at most 2^n are returned). */
  numReads?: number;
}

/** The parameters of "exact" as the sampler registry shows them. */
export const EXACT_PARAMS: readonly SamplerParamSpec[] = [{
  name: "numReads",
  type: "integer",
  min: 1,
  max: 1_000_000,
  default: 1,
  description: "How many of the lowest-energy states to return, best first.",
}];

/** Parameter names "exact" accepts. */
export const EXACT_PARAM_NAMES: readonly string[] = EXACT_PARAMS.map((p) => p.name);

const MAX_READS = 1_000_000;
/** Extra candidates kept beyond numReads, so rounding in the running energy cannot drop a state. */
const SLACK = 32;
/** Steps between exact recomputations of the fields and energy. */
const RESYNC_STEPS = 4096;

/**
 * A resumable enumeration: `advance(steps)` walks the Gray code a chunk at a time so the async
 * sampler can yield between chunks.
 */
class Enumeration {
  readonly n: number;
  readonly total: number;
  readonly numReads: number;
  step = 0;
  private readonly q: Float64Array;
  private readonly bits: Uint8Array;
  private readonly field: Float64Array;
  private readonly sign: Float64Array;
  private energy: number;
  private state = 0;
  // Max-heap of the best candidates, ordered by (energy, state index) so ties break on the index.
  private readonly keep: number;
  private readonly heapEnergy: Float64Array;
  private readonly heapState: Int32Array;
  private size = 0;

  private readonly qubo: Qubo;

  constructor(problem: QuboProblem, raw: RawParams) {
    // A structured problem is expanded (n <= 24 keeps that tiny), after its size is checked.
    if (isStructured(problem)) {
      checkStructuredQubo(NAME, problem);
      if (problem.n <= EXACT_MAX_N) problem = structuredToDense(problem);
    }
    const qubo = problem as Qubo;
    this.qubo = qubo;
    checkKnownParams(NAME, raw, EXACT_PARAM_NAMES);
    if (!isStructured(problem)) checkQubo(NAME, qubo);
    const n = qubo.n;
    if (n > EXACT_MAX_N) {
      throw new UserError(
        `Sampler "exact": the QUBO has n = ${n} variables, more than the ${EXACT_MAX_N} it can enumerate; use the "sa" sampler for larger problems.`,
      );
    }
    const requested = intParam(NAME, raw, "numReads", 1, MAX_READS, 1);
    this.n = n;
    this.total = 2 ** n;
    this.numReads = Math.min(requested, this.total);
    this.keep = Math.min(this.numReads + SLACK, this.total);
    this.heapEnergy = new Float64Array(this.keep);
    this.heapState = new Int32Array(this.keep);
    this.q = qubo.q;
    this.bits = new Uint8Array(n);
    this.field = new Float64Array(n);
    this.sign = new Float64Array(n);
    this.energy = 0;
    this.resync();
    this.offer(this.energy, 0);
    this.step = 1;
  }

  /** True when every state has been visited. */
  get done(): boolean {
    return this.step >= this.total;
  }

  /** Visits up to `steps` more states. */
  advance(steps: number): void {
    const { n, q, field, sign } = this;
    const end = Math.min(this.total, this.step + steps);
    let energy = this.energy, state = this.state;
    for (let t = this.step; t < end; t++) {
      // Gray code: step t flips bit k = number of trailing zeros of t.
      const k = 31 - Math.clz32(t & -t);
      const s = sign[k];
      energy += s * field[k];
      const c = 2 * s;
      const row = k * n;
      const fk = field[k];
      for (let j = 0; j < n; j++) field[j] += c * q[row + j];
      field[k] = fk;
      sign[k] = -s;
      state ^= 1 << k;
      if ((t & (RESYNC_STEPS - 1)) === 0) {
        this.state = state;
        energy = this.resync();
      }
      if (
        this.size < this.keep || energy < this.heapEnergy[0] ||
        (energy === this.heapEnergy[0] && state < this.heapState[0])
      ) {
        this.offer(energy, state);
      }
    }
    this.step = end;
    this.energy = energy;
    this.state = state;
  }

  /** The numReads best states, energies recomputed exactly, sorted by (energy, state index). */
  result(seconds: number): SampleSet {
    const { n, qubo } = this;
    const bits = new Uint8Array(n);
    const candidates: { state: number; energy: number }[] = [];
    for (let h = 0; h < this.size; h++) {
      const state = this.heapState[h];
      for (let i = 0; i < n; i++) bits[i] = (state >>> i) & 1;
      candidates.push({ state, energy: quboEnergy(qubo, bits) });
    }
    candidates.sort((a, b) => a.energy - b.energy || a.state - b.state);
    const reads = this.numReads;
    const samples = new Uint8Array(reads * n);
    const energies = new Float64Array(reads);
    for (let r = 0; r < reads; r++) {
      const state = candidates[r].state;
      for (let i = 0; i < n; i++) samples[r * n + i] = (state >>> i) & 1;
      energies[r] = candidates[r].energy;
    }
    return {
      n,
      numReads: reads,
      samples,
      energies,
      info: { timing: { total: seconds }, statesEnumerated: this.total },
    };
  }

  /** Recomputes bits, fields and energy of the current state from scratch; returns the energy. */
  private resync(): number {
    const { n, q, bits, field, sign } = this;
    for (let i = 0; i < n; i++) {
      bits[i] = (this.state >>> i) & 1;
      sign[i] = bits[i] === 0 ? 1 : -1;
    }
    for (let i = 0; i < n; i++) {
      let coupled = 0;
      for (let j = 0; j < n; j++) if (bits[j] !== 0 && j !== i) coupled += q[i * n + j];
      field[i] = q[i * n + i] + 2 * coupled;
    }
    this.energy = quboEnergy(this.qubo, bits);
    return this.energy;
  }

  /** Adds a candidate to the bounded max-heap, evicting the worst when full. */
  private offer(energy: number, state: number): void {
    const he = this.heapEnergy, hs = this.heapState;
    let i: number;
    if (this.size < this.keep) {
      i = this.size++;
      // Sift up.
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(energy, state, he[p], hs[p])) break;
        he[i] = he[p];
        hs[i] = hs[p];
        i = p;
      }
    } else {
      // Replace the root (the worst kept) and sift down.
      i = 0;
      const size = this.size;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && worse(he[r], hs[r], he[l], hs[l]) ? r : l;
        if (!worse(he[m], hs[m], energy, state)) break;
        he[i] = he[m];
        hs[i] = hs[m];
        i = m;
      }
    }
    he[i] = energy;
    hs[i] = state;
  }
}

/** (e1, s1) ranks after (e2, s2): higher energy, or equal energy and higher state index. */
function worse(e1: number, s1: number, e2: number, s2: number): boolean {
  return e1 > e2 || (e1 === e2 && s1 > s2);
}

/**
 * Exact brute force, synchronously: the numReads lowest distinct states of a QUBO with n <= 24,
 * sorted by energy (ties: lower state index first, bit i of the index being b_i). Throws a
 * UserError above n = 24 or on bad params.
 *
 * @example The two lowest states of a three-variable QUBO
 * ```ts
 * import { makeQubo, sampleBits, solveExact } from "@qubo-cnn/qubo-cnn/samplers";
 *
 * // E(b) = b^T Q b + 0.5: each bit alone lowers the energy by 1, neighbours raise it by 4.
 * const qubo = makeQubo(3, new Float64Array([-1, 2, 0, 2, -1, 2, 0, 2, -1]), 0.5);
 * const set = solveExact(qubo, { numReads: 2 });
 * if ([...set.energies].join() !== "-1.5,-0.5") throw new Error(`energies ${set.energies}`);
 * if (sampleBits(set, 0).join() !== "1,0,1") throw new Error("ground state is b = (1, 0, 1)");
 * ```
 */
export function solveExact(qubo: QuboProblem, params: ExactParams = {}): SampleSet {
  const t0 = performance.now();
  const enumeration = new Enumeration(qubo, (params ?? {}) as RawParams);
  enumeration.advance(enumeration.total);
  return enumeration.result((performance.now() - t0) / 1000);
}

/** Throws the UserError solveExact would throw for these params (the size is checked apart). */
export function validateExactParams(params: ExactParams): void {
  const raw = (params ?? {}) as RawParams;
  checkKnownParams(NAME, raw, EXACT_PARAM_NAMES);
  intParam(NAME, raw, "numReads", 1, MAX_READS, 1);
}

/** Steps per chunk of the async sampler between checks of the clock. */
const CHUNK = 1 << 16;
/** How long the async sampler may run before it yields to the event loop (ms). */
const YIELD_EVERY_MS = 20;

/** The "exact" sampler: brute-force enumeration for n <= 24. Deterministic (no seed). */
export class ExactSampler implements Sampler<ExactParams> {
  /** Name used in pipelines and results. */
  readonly name: "exact" = NAME;

  /** Validates params and enumerates; rejects with the signal's reason once it is aborted. */
  async sample(qubo: QuboProblem, params: ExactParams, signal?: AbortSignal): Promise<SampleSet> {
    signal?.throwIfAborted();
    const t0 = performance.now();
    const enumeration = new Enumeration(qubo, (params ?? {}) as RawParams);
    let lastYield = t0;
    while (!enumeration.done) {
      enumeration.advance(CHUNK);
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
        signal?.throwIfAborted();
      }
    }
    signal?.throwIfAborted();
    return enumeration.result((performance.now() - t0) / 1000);
  }
}

/** A ready "exact" sampler. */
export const exactSampler: ExactSampler = new ExactSampler();
