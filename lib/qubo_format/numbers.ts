/**
 * Number and index parsing shared by the QUBO file readers: strict, so "0x10", "1_000",
 * "Infinity" or "nan" are errors rather than silently different values.
 */

/** Largest n a QUBO file may declare: the dense n x n Float64 matrix is then 2 GiB. */
export const MAX_FILE_N = 16384;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INDEX = /^\d+$/;

/** The value of a decimal number token, or undefined when it is not one (or not finite). */
export function parseDecimal(token: string): number | undefined {
  if (!DECIMAL.test(token)) return undefined;
  const value = Number(token);
  return Number.isFinite(value) ? value : undefined;
}

/** The value of a non-negative integer token, or undefined. */
export function parseIndex(token: string): number | undefined {
  if (!INDEX.test(token)) return undefined;
  const value = Number(token);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Shortest text that reads back as exactly `value` (JS number formatting); -0 is written 0,
 * which gives the same energies.
 */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}
