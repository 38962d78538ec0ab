/**
 * Assertions for tests: node:assert (std/assert is on JSR, which is unreachable here) plus the
 * numeric comparisons it lacks.
 */
import assert from "node:assert/strict";

export { assert };

/** Fails unless |actual - expected| <= tolerance. */
export function assertClose(
  actual: number,
  expected: number,
  tolerance: number,
  what = "value",
): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new assert.AssertionError({
      message: `${what}: expected ${expected} +- ${tolerance}, got ${actual}`,
      actual,
      expected,
    });
  }
}
