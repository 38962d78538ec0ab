/**
 * The sampler conformance suite: the behaviour every Sampler (sa, exact, the D-Wave samplers
 * against a mock server) must show. `samplerConformance` registers Deno.test cases; options
 * describe what legitimately differs between samplers (size limit, determinism, parameters).
 */
import assert from "node:assert/strict";
import { isUserError } from "../../lib/errors.ts";
import { type Qubo, quboEnergy } from "../../lib/qubo.ts";
import {
  type ProblemForm,
  type QuboProblem,
  structuredEnergy,
  type StructuredQubo,
  toDense,
} from "../../lib/structured_qubo.ts";
import { solveExact } from "../../samplers/exact.ts";
import { bestSampleIndex, type Sampler, type SampleSet } from "../../samplers/sampler.ts";
import { plantedQubo, plantedStructured, randomQubo, randomStructured } from "./problems.ts";

/** A parameter set that must be refused, and the exact UserError message. */
export interface InvalidParamsCase {
  readonly params: Record<string, unknown>;
  readonly message: string;
}

/** What differs between samplers. */
export interface ConformanceOptions {
  /** Largest n the sampler is tested with (ground-state tests use min(16, maxN)). */
  readonly maxN: number;
  /** Parameters added to every call (e.g. { numReads: 20 } or a solver name). */
  readonly params?: Record<string, unknown>;
  /** Name of the read-count parameter, when the sampler has one ("numReads"). */
  readonly numReadsParam?: string;
  /** Name of the seed parameter when the same seed must give byte-identical samples. */
  readonly seedParam?: string;
  /** Whether it must find the ground state of small problems (default true). */
  readonly findsGroundState?: boolean;
  /** Parameter sets that must be refused with exactly these messages. */
  readonly invalidParams?: readonly InvalidParamsCase[];
  /** A problem size above the sampler's limit and the exact message it must refuse it with. */
  readonly tooLarge?: { readonly n: number; readonly message: string };
  /**
   * Work that takes well over a second, to test that an abort mid-run stops it quickly:
   * a problem size and parameters.
   */
  readonly slow?: { readonly n: number; readonly params: Record<string, unknown> };
  /**
   * Problem forms the sampler accepts (its registry entry's forms; default dense only). A
   * sampler given "structured" is also run on structured problems, and one given both must
   * return the same samples for a problem in either form when seeded.
   */
  readonly forms?: readonly ProblemForm[];
  /**
   * Parameters added for the structured ground-state test (sa: a beta range that reaches the
   * unit energy gaps of these integer problems; its default rule sizes the cold end from
   * typical flips, far above them).
   */
  readonly structuredParams?: Record<string, unknown>;
}

/**
 * Checks a SampleSet from a structured problem: its energies are the surrogate at the decoded
 * weights, and equal the dense QUBO's energies up to rounding (1e-9 relative).
 */
export function assertValidStructuredSet(problem: StructuredQubo, set: SampleSet): void {
  const dense = toDense(problem);
  assert.equal(set.n, problem.n, "SampleSet.n");
  assert.equal(set.samples.length, set.numReads * set.n, "samples length");
  for (let r = 0; r < set.numReads; r++) {
    const surrogate = structuredEnergy(problem, set.samples, r * set.n);
    const matrix = quboEnergy(dense, set.samples, r * set.n);
    const scale = Math.max(1, Math.abs(matrix));
    assert.ok(
      Math.abs(set.energies[r] - surrogate) <= 1e-9 * scale &&
        Math.abs(set.energies[r] - matrix) <= 1e-9 * scale,
      `read ${r}: energy ${set.energies[r]}, surrogate ${surrogate}, dense ${matrix}`,
    );
  }
}

/** Checks the shape and energies of a SampleSet against the QUBO it came from. */
export function assertValidSampleSet(qubo: Qubo, set: SampleSet, numReads?: number): void {
  assert.equal(set.n, qubo.n, "SampleSet.n");
  if (numReads !== undefined) assert.equal(set.numReads, numReads, "SampleSet.numReads");
  assert.ok(set.numReads >= 1, "at least one sample");
  assert.ok(set.samples instanceof Uint8Array, "samples is a Uint8Array");
  assert.equal(set.samples.length, set.numReads * set.n, "samples length");
  assert.ok(set.energies instanceof Float64Array, "energies is a Float64Array");
  assert.equal(set.energies.length, set.numReads, "energies length");
  for (let k = 0; k < set.samples.length; k++) {
    assert.ok(set.samples[k] === 0 || set.samples[k] === 1, `bit ${k} is ${set.samples[k]}`);
  }
  for (let r = 0; r < set.numReads; r++) {
    assert.equal(set.energies[r], quboEnergy(qubo, set.samples, r * set.n), `energy of read ${r}`);
  }
  const total = set.info.timing.total;
  assert.ok(Number.isFinite(total) && total >= 0, `timing.total is ${total}`);
  assert.doesNotThrow(() => JSON.stringify(set.info), "info is JSON-serialisable");
}

/** Registers the conformance tests of one sampler. */
export function samplerConformance(
  name: string,
  makeSampler: () => Sampler,
  options: ConformanceOptions,
): void {
  const base = options.params ?? {};
  const small = Math.min(16, options.maxN);
  const withReads = (reads: number): Record<string, unknown> =>
    options.numReadsParam ? { ...base, [options.numReadsParam]: reads } : { ...base };

  Deno.test(`${name} conformance: shape, bits and recomputed energies`, async () => {
    const sampler = makeSampler();
    assert.equal(sampler.name, name);
    for (const n of [1, 2, Math.min(12, options.maxN)]) {
      const qubo = randomQubo(n, 100 + n);
      // At most 2^n reads: an exhaustive sampler has no more distinct states to return.
      const reads = options.numReadsParam ? Math.min(3, 2 ** n) : undefined;
      const set = await sampler.sample(qubo, withReads(reads ?? 1));
      assertValidSampleSet(qubo, set, reads);
    }
  });

  if (options.findsGroundState ?? true) {
    Deno.test(`${name} conformance: ground state of planted problems`, async () => {
      const sampler = makeSampler();
      for (const seed of [1, 2, 3]) {
        const { qubo, ground } = plantedQubo(small, seed);
        // The planted state is the ground state by construction; the exact sampler agrees.
        assert.deepEqual(solveExact(qubo).samples, ground);
        const set = await sampler.sample(qubo, withReads(10));
        assertValidSampleSet(qubo, set);
        const best = bestSampleIndex(set);
        assert.equal(set.energies[best], 0, `planted seed ${seed}: best energy`);
        assert.deepEqual(set.samples.subarray(best * small, (best + 1) * small), ground);
      }
    });

    Deno.test(`${name} conformance: ground state of random QUBOs`, async () => {
      const sampler = makeSampler();
      for (const [n, seed] of [[12, 11], [14, 12], [small, 13]]) {
        if (n > options.maxN) continue;
        const qubo = randomQubo(n, seed);
        const ground = solveExact(qubo).energies[0];
        const set = await sampler.sample(qubo, withReads(10));
        assertValidSampleSet(qubo, set);
        assert.equal(set.energies[bestSampleIndex(set)], ground, `n = ${n} seed ${seed}`);
      }
    });
  }

  if (options.seedParam) {
    const seedParam = options.seedParam;
    Deno.test(`${name} conformance: the same seed gives byte-identical samples`, async () => {
      const sampler = makeSampler();
      const qubo = randomQubo(small, 21);
      const a = await sampler.sample(qubo, { ...withReads(4), [seedParam]: 42 });
      const b = await sampler.sample(qubo, { ...withReads(4), [seedParam]: 42 });
      assert.deepEqual(b.samples, a.samples);
      assert.deepEqual(b.energies, a.energies);
    });
  }

  for (const bad of options.invalidParams ?? []) {
    Deno.test(`${name} conformance: refuses ${JSON.stringify(bad.params)}`, async () => {
      const sampler = makeSampler();
      await assertUserError(
        () => sampler.sample(randomQubo(4, 31), { ...base, ...bad.params }),
        bad.message,
      );
    });
  }

  if (options.tooLarge) {
    const { n, message } = options.tooLarge;
    Deno.test(`${name} conformance: refuses n = ${n}`, async () => {
      const sampler = makeSampler();
      await assertUserError(() => sampler.sample(randomQubo(n, 41, 1), withReads(1)), message);
    });
  }

  if (options.forms?.includes("structured")) {
    Deno.test(`${name} conformance (structured): shape and energies`, async () => {
      const sampler = makeSampler();
      for (const [width, bits] of [[1, 1], [3, 2], [4, 3]]) {
        if (width * bits > options.maxN) continue;
        const problem = randomStructured(width, bits, 7 * width + bits);
        const reads = options.numReadsParam ? Math.min(3, 2 ** problem.n) : undefined;
        const set = await sampler.sample(problem as unknown as Qubo, withReads(reads ?? 1));
        assertValidStructuredSet(problem, set);
      }
    });

    if (options.findsGroundState ?? true) {
      Deno.test(`${name} conformance (structured): ground state of planted problems`, async () => {
        const sampler = makeSampler();
        for (const seed of [1, 2, 3]) {
          const { problem, ground } = plantedStructured(4, Math.min(4, small / 4), seed);
          assert.deepEqual(solveExact(toDense(problem)).samples, ground, "exact agrees");
          const set = await sampler.sample(problem as unknown as Qubo, {
            ...withReads(10),
            ...options.structuredParams,
          });
          assertValidStructuredSet(problem, set);
          const best = bestSampleIndex(set);
          assert.equal(set.energies[best], 0, `planted seed ${seed}: best energy`);
          assert.deepEqual(set.samples.subarray(best * problem.n, (best + 1) * problem.n), ground);
        }
      });
    }

    if (options.seedParam && options.forms.includes("dense")) {
      const seedParam = options.seedParam;
      Deno.test(`${name} conformance: the same seed gives the same samples in both forms`, async () => {
        const sampler = makeSampler();
        const problem = randomStructured(4, Math.min(4, small / 4), 23);
        const forms: QuboProblem[] = [problem, toDense(problem)];
        const [structured, dense] = await Promise.all(
          forms.map((p) => sampler.sample(p as Qubo, { ...withReads(4), [seedParam]: 42 })),
        );
        assert.deepEqual(structured.samples, dense.samples);
        for (let r = 0; r < dense.numReads; r++) {
          const scale = Math.max(1, Math.abs(dense.energies[r]));
          assert.ok(Math.abs(structured.energies[r] - dense.energies[r]) <= 1e-9 * scale);
        }
      });
    }
  }

  Deno.test(`${name} conformance: an aborted signal rejects with AbortError`, async () => {
    const sampler = makeSampler();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      sampler.sample(randomQubo(4, 51), withReads(1), controller.signal),
      { name: "AbortError" },
    );
  });

  if (options.slow) {
    const slow = options.slow;
    Deno.test(`${name} conformance: abort during a long run stops it at its next check`, async () => {
      const sampler = makeSampler();
      const qubo = randomQubo(slow.n, 61);
      const watched = watchedSignal(ABORT_AFTER_CHECKS);
      await assert.rejects(
        sampler.sample(qubo, { ...base, ...slow.params }, watched.signal),
        { name: "AbortError" },
      );
      // The abort came from a timer, so the sampler yielded to the event loop mid-run; it then
      // noticed at its first check of the signal (counted in checks, not in wall time).
      assert.ok(watched.abortedAt !== undefined, "the run ended before it was aborted");
      assert.equal(watched.checks - watched.abortedAt, 1, "checks of the signal after abort()");
    });
  }
}

/** Checks of the signal a slow run makes before the test aborts it from a timer. */
const ABORT_AFTER_CHECKS = 3;

/**
 * An AbortSignal that counts how often the sampler checks it (throwIfAborted, aborted) and,
 * at the `after`-th check, schedules abort() on a timer: only a sampler that yields to the
 * event loop mid-run can see it.
 */
function watchedSignal(after: number): {
  readonly signal: AbortSignal;
  readonly checks: number;
  readonly abortedAt?: number;
} {
  const controller = new AbortController();
  const state: { signal: AbortSignal; checks: number; abortedAt?: number } = {
    signal: controller.signal,
    checks: 0,
  };
  state.signal = new Proxy(controller.signal, {
    get(target, property) {
      if (property === "throwIfAborted" || property === "aborted") {
        state.checks++;
        if (state.checks === after) {
          setTimeout(() => {
            state.abortedAt = state.checks;
            controller.abort();
          }, 0);
        }
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return state;
}

/** Asserts that `run` rejects (or throws) a UserError with exactly `message`. */
export async function assertUserError(
  run: () => Promise<unknown> | unknown,
  message: string,
): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected UserError "${message}", but nothing was thrown`);
  assert.ok(isUserError(caught), `expected a UserError, got ${String(caught)}`);
  assert.equal((caught as Error).message, message);
}
