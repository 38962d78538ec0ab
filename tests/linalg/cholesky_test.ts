import { assert } from "../helpers/assert.ts";
import { cholesky, choleskySolve } from "../../lib/linalg/cholesky.ts";
import { SeededRandom } from "../../lib/random.ts";

/** The plain row-by-row factorisation, the reference for every rounding. */
function plainFactor(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** B B^T / cols for a random n x cols B: singular when cols < n. */
function gram(random: SeededRandom, n: number, cols: number): Float64Array {
  const b = Float64Array.from({ length: n * cols }, () => random.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < cols; k++) a[i * n + j] += b[i * cols + k] * b[j * cols + k] / cols;
    }
  }
  return a;
}

Deno.test("cholesky gives the plain loop's bits at every size and solves", () => {
  const random = new SeededRandom(4);
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 37]) {
    const a = gram(random, n, n + 3);
    const factor = cholesky(a, n);
    assert.strictEqual(factor.jitter, 0);
    assert.deepStrictEqual(factor.lower, plainFactor(a, n, 0));
    const b = Float64Array.from({ length: n }, () => random.normal());
    const x = choleskySolve(factor, b);
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a[i * n + j] * x[j];
      assert.ok(Math.abs(ax - b[i]) < 1e-8 * (1 + Math.abs(b[i])), `(A x - b)[${i}]`);
    }
  }
});

Deno.test("cholesky adds jitter to a singular matrix, with the plain loop's bits", () => {
  const random = new SeededRandom(5);
  const n = 10;
  const a = gram(random, n, 4);
  const factor = cholesky(a, n);
  assert.ok(factor.jitter > 0);
  assert.deepStrictEqual(factor.lower, plainFactor(a, n, factor.jitter));
});
