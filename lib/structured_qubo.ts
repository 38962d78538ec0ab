/**
 * The structured form of a class QUBO (DESIGN.md 1.2): the surrogate f(D) = g^T D + 1/2 D^T H D
 * seen through the K-bit offset-binary encoding w = lower + step * level, D = w - center.
 *
 * Its energy is exactly the dense class QUBO's (lib/train/class_qubo.ts builds that one from the
 * same fields), but it is (width + 4) x width numbers where the dense matrix is (width K)^2: H is
 * 168 KB at width 145 where the dense QUBO of K = 20 is 67 MB. Samplers that can use the
 * structure (the local annealer) take it as it is; the dense matrix is built only for those that
 * cannot (exact, D-Wave, export).
 *
 * Variables are bit-plane major as in the dense form: index k * width + j is bit k of weight j.
 */
import { dot, matVec, quadraticForm } from "./linalg/dense.ts";
import { decodeWeights } from "./train/encoding.ts";
import { surrogateValue } from "./train/surrogate.ts";
import { makeQubo, type Qubo, quboEnergy } from "./qubo.ts";

/** A class QUBO kept as its surrogate and box. */
export interface StructuredQubo {
  /** Tells it apart from a dense {@link Qubo}. */
  readonly form: "structured";
  /** Binary variables: width * bits. */
  readonly n: number;
  /** Weights (d + 1, bias included). */
  readonly width: number;
  /** Bits per weight K. */
  readonly bits: number;
  /** Curvature H = eta G + lambda I, width x width, symmetric, row-major. */
  readonly h: Float64Array;
  /** Surrogate gradient g at the centre. */
  readonly gradient: Float64Array;
  /** The current weights w_t (the surrogate's expansion point). */
  readonly center: Float64Array;
  /** Lowest grid value of each weight. */
  readonly lower: Float64Array;
  /** Grid spacing of each weight. */
  readonly step: Float64Array;
}

/** A problem as samplers receive it: dense or structured. */
export type QuboProblem = Qubo | StructuredQubo;

/** The forms a sampler can declare it accepts. */
export type ProblemForm = "dense" | "structured";

/** True for the structured form. */
export function isStructured(problem: QuboProblem): problem is StructuredQubo {
  return (problem as StructuredQubo).form === "structured";
}

/** The form of a problem. */
export function problemForm(problem: QuboProblem): ProblemForm {
  return isStructured(problem) ? "structured" : "dense";
}

/** Builds a structured QUBO, checking that every array has the width it must have. */
export function makeStructuredQubo(fields: {
  readonly h: Float64Array;
  readonly gradient: Float64Array;
  readonly center: Float64Array;
  readonly lower: Float64Array;
  readonly step: Float64Array;
  readonly bits: number;
}): StructuredQubo {
  const width = fields.gradient.length;
  if (fields.h.length !== width * width) {
    throw new RangeError(`structured QUBO: H has ${fields.h.length} entries, expected ${width}^2`);
  }
  for (const name of ["center", "lower", "step"] as const) {
    if (fields[name].length !== width) {
      throw new RangeError(
        `structured QUBO: ${name} has ${fields[name].length} entries, expected ${width}`,
      );
    }
  }
  if (!Number.isInteger(fields.bits) || fields.bits < 1 || fields.bits > 52) {
    throw new RangeError(`structured QUBO: bits must be an integer in [1, 52], got ${fields.bits}`);
  }
  return { form: "structured", n: width * fields.bits, width, ...fields };
}

/** D = lower + step * level - center for one bit string: the surrogate's displacement. */
export function structuredDisplacement(
  problem: StructuredQubo,
  bits: Uint8Array,
  start = 0,
): Float64Array {
  const d = decodeWeights(problem, bits.subarray(start, start + problem.n));
  for (let j = 0; j < problem.width; j++) d[j] -= problem.center[j];
  return d;
}

/** f(D) = g^T D + 1/2 D^T H D for a displacement D. */
export function surrogateAt(problem: StructuredQubo, d: Float64Array): number {
  return surrogateValue(problem.h, problem.width, problem.gradient, d);
}

/** Energy of one bit string: the surrogate at the weights it encodes (equals the dense energy). */
export function structuredEnergy(problem: StructuredQubo, bits: Uint8Array, start = 0): number {
  return surrogateAt(problem, structuredDisplacement(problem, bits, start));
}

/** Energy of a bit string in either form. */
export function problemEnergy(problem: QuboProblem, bits: Uint8Array, start = 0): number {
  return isStructured(problem)
    ? structuredEnergy(problem, bits, start)
    : quboEnergy(problem, bits, start);
}

/**
 * The dense QUBO with the same energy for every bit string:
 *   Q = (1/2) P^T H P + diag(P^T g + P^T H (l - w_t)),  offset = g^T a + (1/2) a^T H a, a = l - w_t,
 * with P = diag(step) kron [1, 2, ..., 2^(K-1)]. Costs n^2 doubles: build it only for a sampler
 * or a file that needs the matrix.
 */
export function structuredToDense(problem: StructuredQubo): Qubo {
  const { width, bits, h, gradient, center, lower, step, n } = problem;
  const a = new Float64Array(width);
  for (let j = 0; j < width; j++) a[j] = lower[j] - center[j];
  const ha = matVec(h, width, width, a);

  // S = (1/2) diag(step) H diag(step): every K x K block is S scaled by 2^(k+l).
  const s = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = i; j < width; j++) {
      // Computed once per pair and mirrored, so Q is symmetric to the last bit.
      const value = 0.5 * step[i] * h[i * width + j] * step[j];
      s[i * width + j] = value;
      s[j * width + i] = value;
    }
  }
  const q = new Float64Array(n * n);
  for (let k = 0; k < bits; k++) {
    for (let l = 0; l < bits; l++) {
      const scale = 2 ** (k + l);
      for (let i = 0; i < width; i++) {
        const dst = (k * width + i) * n + l * width;
        const src = i * width;
        for (let j = 0; j < width; j++) q[dst + j] = scale * s[src + j];
      }
    }
  }
  for (let k = 0; k < bits; k++) {
    const scale = 2 ** k;
    for (let j = 0; j < width; j++) {
      const v = k * width + j;
      q[v * n + v] += scale * step[j] * (gradient[j] + ha[j]);
    }
  }
  return makeQubo(n, q, dot(gradient, a) + 0.5 * quadraticForm(h, width, a));
}

/** The dense matrix of a problem in either form (the same object when it is already dense). */
export function toDense(problem: QuboProblem): Qubo {
  return isStructured(problem) ? structuredToDense(problem) : problem;
}
