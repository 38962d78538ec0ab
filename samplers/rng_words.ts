/**
 * One xorshift128+ step (rng.ts nextUint64) that leaves the 64-bit output as two uint32 halves,
 * for the annealing kernels' general paths (random order, Gibbs, level moves), which draw it in
 * neal's way. The hot Metropolis loops inline the same step in locals instead.
 */
const TWO_32 = 4294967296;

/** High and low uint32 halves of the last output of {@link nextWords} (live bindings). */
export let outHi = 0, outLo = 0;

/** One xorshift128+ step on `rng`, leaving the output's uint32 halves in outHi and outLo. */
export function nextWords(rng: Int32Array): void {
  let xh = rng[0], xl = rng[1];
  const yh = rng[2], yl = rng[3];
  rng[0] = yh;
  rng[1] = yl;
  xh ^= (xh << 23) | (xl >>> 9);
  xl ^= xl << 23;
  const sh = xh ^ yh ^ (xh >>> 17) ^ (yh >>> 26);
  const sl = xl ^ yl ^ ((xl >>> 17) | (xh << 15)) ^ ((yl >>> 26) | (yh << 6));
  rng[2] = sh;
  rng[3] = sl;
  const lo = (sl >>> 0) + (yl >>> 0);
  outHi = (sh + yh + (lo >= TWO_32 ? 1 : 0)) >>> 0;
  outLo = lo >>> 0;
}
