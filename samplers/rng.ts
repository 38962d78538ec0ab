/**
 * The random number generator of the local samplers: xorshift128+, as D-Wave's simulated
 * annealer (dwave-samplers `cpu_sa.cpp`) uses it. It lives in lib/random.ts with the project's
 * other seeded generators; this module names the samplers' part of it.
 */
export {
  fillRandomBits,
  MAX_SEED,
  nextFloat,
  nextUint64,
  randomSeed,
  type RngState,
  seedState,
  TWO_32,
  TWO_64,
} from "../lib/random.ts";
