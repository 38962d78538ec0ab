/**
 * The shared sampler conformance suite (tests/samplers/conformance.ts) run for dwave-hybrid and
 * dwave-qpu against one mock SAPI. Skipped, with reasons:
 * - seed determinism: neither a QPU nor Leap's hybrid solvers take a seed, so the same call may
 *   rightly return other samples;
 * - abort during a long run: the mock answers in milliseconds here; samplers_test.ts ("aborting
 *   a run cancels its problem on SAPI") aborts a long-running mock problem and checks that it
 *   was cancelled on SAPI;
 * - too large for dwave-hybrid: the hybrid solver takes up to a million variables, too many for
 *   a fast test (dwave-qpu's clique limit is tested).
 */
import { startMockSapi } from "../../samplers/dwave/mock/server.ts";
import { createDwaveSampler } from "../../samplers/dwave/factory.ts";
import { cliqueEmbedderFor } from "../../samplers/dwave/clique_embedding.ts";
import { cannotEmbedMessage } from "../../samplers/dwave/qpu_sampler.ts";
import { saLocalSolve } from "../../samplers/dwave/mock/mock_solve.ts";
import { samplerConformance } from "../samplers/conformance.ts";
import { mockOptions } from "./helpers.ts";

const mock = await startMockSapi({ pendingMs: 2, runMs: 3, solve: saLocalSolve(500) });
const QPU = "Advantage2_prototype_mock";
const largest = cliqueEmbedderFor(mock.solvers.find((s) => s.identity.name === QPU)!)!
  .capacity().largest;

samplerConformance("dwave-hybrid", () => createDwaveSampler("dwave-hybrid", mockOptions(mock)), {
  maxN: 16,
  invalidParams: [
    {
      params: { timeLimit: -1 },
      message: 'Sampler "dwave-hybrid": parameter "timeLimit" must be a positive number, got -1.',
    },
    {
      params: { seed: 1 },
      message:
        'Sampler "dwave-hybrid" has no parameter "seed"; known parameters are solver, timeLimit, label.',
    },
  ],
});

samplerConformance("dwave-qpu", () => createDwaveSampler("dwave-qpu", mockOptions(mock)), {
  maxN: 16,
  params: { solver: QPU },
  numReadsParam: "numReads",
  invalidParams: [
    {
      params: { numReads: 0 },
      message:
        'Sampler "dwave-qpu": parameter "numReads" must be an integer from 1 to 10000, got 0.',
    },
    {
      params: { chainStrength: "strong" },
      message:
        'Sampler "dwave-qpu": parameter "chainStrength" must be a positive number or "uniform-torque-compensation", got "strong".',
    },
  ],
  tooLarge: { n: largest + 1, message: cannotEmbedMessage(largest + 1, QPU, largest) },
});

// Registered last, so it runs after every conformance test above.
Deno.test("conformance mock closes", () => mock.close());
