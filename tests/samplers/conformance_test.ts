/** The conformance suite run against the local samplers "sa" and "exact", on both forms. */
import { ExactSampler } from "../../samplers/exact.ts";
import { samplerEntry } from "../../samplers/registry.ts";
import { SaSampler } from "../../samplers/sa.ts";
import { samplerConformance } from "./conformance.ts";

samplerConformance("sa", () => new SaSampler(), {
  maxN: 16,
  forms: samplerEntry("sa").forms,
  structuredParams: { betaRange: [0.01, 20] },
  params: { numSweeps: 300, seed: 5 },
  numReadsParam: "numReads",
  seedParam: "seed",
  invalidParams: [
    {
      params: { numReads: 0 },
      message: 'Sampler "sa": parameter "numReads" must be an integer from 1 to 1000000, got 0.',
    },
    {
      params: { numSweeps: 2.5 },
      message:
        'Sampler "sa": parameter "numSweeps" must be an integer from 0 to 1000000000, got 2.5.',
    },
    {
      params: { betaRange: [2, 1] },
      message:
        'Sampler "sa": parameter "betaRange" must be [hot, cold] with 0 < hot < cold (finite), got [2,1].',
    },
    {
      params: { seed: -1 },
      message: 'Sampler "sa": parameter "seed" must be an integer from 0 to 4294967295, got -1.',
    },
    {
      params: { betaScheduleType: "cosine" },
      message:
        'Sampler "sa": parameter "betaScheduleType" must be one of "geometric", "linear", "custom", got "cosine".',
    },
    {
      params: { numSweps: 10 },
      message:
        'Sampler "sa" has no parameter "numSweps"; known parameters are numReads, numSweeps, numSweepsPerBeta, betaScheduleType, betaSchedule, betaRange, betaRangeRule, seed, initialStates, initialStatesGenerator, randomizeOrder, proposalAcceptanceCriteria, kernel, moves, traceEnergy.',
    },
  ],
  slow: { n: 200, params: { numReads: 1000, numSweeps: 1000, seed: 1 } },
});

samplerConformance("exact", () => new ExactSampler(), {
  maxN: 24,
  forms: samplerEntry("exact").forms,
  numReadsParam: "numReads",
  invalidParams: [
    {
      params: { numReads: -3 },
      message:
        'Sampler "exact": parameter "numReads" must be an integer from 1 to 1000000, got -3.',
    },
    {
      params: { seed: 1 },
      message: 'Sampler "exact" has no parameter "seed"; known parameters are numReads.',
    },
  ],
  tooLarge: {
    n: 25,
    message:
      'Sampler "exact": the QUBO has n = 25 variables, more than the 24 it can enumerate; use the "sa" sampler for larger problems.',
  },
  slow: { n: 24, params: { numReads: 1 } },
});
