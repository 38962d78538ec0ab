/**
 * The bit signs of one weight's integer level, for the structured kernel's level and weight
 * moves: s_i = 1 - 2 b_i for bit k of weight j (variable i = k * width + j), offset binary.
 */

/** Writes the K signs of weight j at `level` into `sign` (bit-plane major, width weights). */
export function writeLevelSigns(
  sign: Float64Array,
  width: number,
  bits: number,
  j: number,
  level: number,
): void {
  let rest = level;
  for (let k = 0, i = j; k < bits; k++, i += width) {
    sign[i] = rest % 2 === 1 ? -1 : 1;
    rest = Math.floor(rest / 2);
  }
}
