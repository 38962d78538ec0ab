/**
 * The sampler contract (DESIGN.md section 2). Local simulated annealing, the exact brute-force
 * sampler and the D-Wave samplers all implement it, and one conformance suite tests them all.
 * Samplers know nothing about pipelines, datasets or training.
 */
import type { Qubo } from "../lib/qubo.ts";

/** What every sample() call returns. */
export interface SampleSet {
  /** Number of variables per sample. */
  readonly n: number;
  /** Number of samples (reads). */
  readonly numReads: number;
  /** numReads x n bits (0/1), row-major: sample r is samples.subarray(r * n, (r + 1) * n). */
  readonly samples: Uint8Array;
  /** Energy b^T Q b + offset of each sample, recomputed from the QUBO (not trusted from a solver). */
  readonly energies: Float64Array;
  /** Sampler-specific information; always JSON-serialisable. */
  readonly info: SampleInfo;
}

/** Information a sampler returns beside its samples. */
export interface SampleInfo {
  /** Wall-clock timings in seconds (at least `total`), plus solver-reported ones. */
  readonly timing: { readonly total: number; readonly [name: string]: number };
  /** The beta range actually used, where the sampler anneals (DESIGN.md: always log it). */
  readonly betaRange?: readonly [number, number];
  /** Anything else: problem ids, chain-break fractions, sweeps, seed... */
  readonly [key: string]: unknown;
}

/** A sampler: async so remote solvers fit; `signal` aborts (and cancels remote problems). */
export interface Sampler<P = Record<string, unknown>> {
  /** Name used in pipelines and results ("sa", "exact", "dwave-hybrid", "dwave-qpu"). */
  readonly name: string;
  /** Validates params (throwing UserError naming the bad one) and samples the QUBO. */
  sample(qubo: Qubo, params: P, signal?: AbortSignal): Promise<SampleSet>;
}

/** Index of the lowest-energy sample (first one on ties). */
export function bestSampleIndex(set: SampleSet): number {
  let best = 0;
  for (let r = 1; r < set.numReads; r++) {
    if (set.energies[r] < set.energies[best]) best = r;
  }
  return best;
}

/** The bits of sample r (a view, not a copy). */
export function sampleBits(set: SampleSet, r: number): Uint8Array {
  return set.samples.subarray(r * set.n, (r + 1) * set.n);
}
