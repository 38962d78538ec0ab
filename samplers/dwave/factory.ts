/**
 * The entry point the pipeline uses: `createDwaveSampler("dwave-hybrid" | "dwave-qpu", options)`.
 * Nothing is read or contacted until the first sample() call.
 */
import { UserError } from "../../lib/errors.ts";
import type { Sampler } from "../sampler.ts";
import { DwaveHybridSampler } from "./hybrid_sampler.ts";
import { DwaveQpuSampler } from "./qpu_sampler.ts";
import { type DwaveOptions, DwaveSession } from "./session.ts";

/** Names of the D-Wave samplers. */
export const DWAVE_SAMPLER_NAMES = ["dwave-hybrid", "dwave-qpu"] as const;

/** A D-Wave sampler name. */
export type DwaveSamplerName = typeof DWAVE_SAMPLER_NAMES[number];

/** Creates a D-Wave sampler; configuration is resolved lazily on first use. */
export function createDwaveSampler(
  name: DwaveSamplerName,
  options: DwaveOptions & { session?: DwaveSession } = {},
): Sampler {
  const session = options.session ?? new DwaveSession(options);
  if (name === "dwave-hybrid") return new DwaveHybridSampler(session) as Sampler;
  if (name === "dwave-qpu") return new DwaveQpuSampler(session) as Sampler;
  throw new UserError(
    `Unknown D-Wave sampler "${name}"; use one of ${DWAVE_SAMPLER_NAMES.join(", ")}.`,
    { code: "config" },
  );
}
