/**
 * One xorshift128+ step that leaves the 64-bit output as two uint32 halves (outHi, outLo: live
 * bindings), for the annealing kernels' general paths. It lives in lib/random.ts with the
 * project's other seeded generators; this module names the kernels' part of it.
 */
export { nextIndex, nextWords, outHi, outLo } from "../lib/random.ts";
