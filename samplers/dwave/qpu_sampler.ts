/**
 * The "dwave-qpu" sampler (SAPI.md 5.3): QUBO -> Ising, a clique embedding on the solver's own
 * working graph, chain strength (uniform torque compensation unless given), scaling into the
 * solver's ranges with auto_scale off, submission as `qp`, majority-vote unembedding, energies
 * recomputed from the QUBO, and the chain-break fraction in the results.
 */
import { UserError } from "../../lib/errors.ts";
import { type Qubo, quboEnergy } from "../../lib/qubo.ts";
import type { RawParams } from "../params.ts";
import type { Sampler, SampleSet } from "../sampler.ts";
import { cliqueEmbedderFor } from "./clique_embedding.ts";
import { type QpuParams, validateQpuParams } from "./dwave_params.ts";
import { embedIsing, unembedMajority, uniformTorqueCompensation } from "./embed_ising.ts";
import { quboToIsing } from "./ising.ts";
import { runJournaled } from "./journaled_run.ts";
import { decodeQpAnswer, encodeQpProblem } from "./qp_format.ts";
import type { DwaveSession } from "./session.ts";

/** The message for a QUBO too large for a solver's clique embeddings. */
export function cannotEmbedMessage(n: number, solver: string, largest: number): string {
  return `A QUBO with ${n} variables cannot be embedded on D-Wave solver "${solver}": the largest clique it admits has ${largest} variables; use fewer bits or fewer features (n = (d+1)K), or the dwave-hybrid sampler.`;
}

/** The D-Wave QPU sampler with clique embedding. */
export class DwaveQpuSampler implements Sampler<QpuParams> {
  /** Name used in pipelines and results. */
  readonly name = "dwave-qpu";
  constructor(readonly session: DwaveSession) {}

  /** Validates params, embeds, submits, waits and unembeds. */
  async sample(qubo: Qubo, raw: QpuParams, signal?: AbortSignal): Promise<SampleSet> {
    const started = performance.now();
    const params = validateQpuParams(raw as RawParams);
    const solver = await this.session.solver("qpu", params.solver, signal);
    const name = solver.identity.name;
    const props = solver.properties;
    const embedder = cliqueEmbedderFor(solver);
    if (!embedder) {
      throw new UserError(
        `D-Wave solver "${name}" has topology ${
          JSON.stringify(props.topology?.type)
        }, which this client cannot embed on; choose a Pegasus or Zephyr solver.`,
        { code: "solver-limit" },
      );
    }
    const n = qubo.n;
    const embedding = embedder.embed(n);
    if (!embedding) {
      throw new UserError(cannotEmbedMessage(n, name, embedder.capacity().largest), {
        code: "solver-limit",
      });
    }
    const [rLo, rHi] = props.num_reads_range ?? [1, 10000];
    const numReads = params.numReads ?? 100;
    if (numReads < rLo || numReads > rHi) {
      throw new UserError(
        `Sampler "dwave-qpu": parameter "numReads" must be from ${rLo} to ${rHi} on solver "${name}", got ${numReads}.`,
        { code: "solver-limit" },
      );
    }
    const annealingTime = params.annealingTime ?? props.default_annealing_time ?? 20;
    const [aLo, aHi] = props.annealing_time_range ?? [0.5, 2000];
    if (annealingTime < aLo || annealingTime > aHi) {
      throw new UserError(
        `Sampler "dwave-qpu": parameter "annealingTime" must be from ${aLo} to ${aHi} microseconds on solver "${name}", got ${annealingTime}.`,
        { code: "solver-limit" },
      );
    }
    const ising = quboToIsing(qubo);
    const chainStrength = typeof params.chainStrength === "number"
      ? params.chainStrength
      : uniformTorqueCompensation(ising, params.chainStrengthPrefactor ?? 1.414);
    const embedded = embedIsing(ising, embedding.chains, props.couplers!, props, chainStrength);
    const sapiParams: Record<string, unknown> = {
      num_reads: numReads,
      annealing_time: annealingTime,
      answer_mode: params.answerMode ?? "histogram",
      auto_scale: false,
    };
    if (params.programmingThermalization !== undefined) {
      sapiParams.programming_thermalization = params.programmingThermalization;
    }
    if (params.readoutThermalization !== undefined) {
      sapiParams.readout_thermalization = params.readoutThermalization;
    }
    const client = await this.session.client();
    const { solved, resumed } = await runJournaled(
      this.session,
      client,
      {
        sampler: this.name,
        solver: `${name};graph_id=${solver.identity.version?.graph_id ?? ""}`,
        params: { ...sapiParams, chainStrength },
        qubo,
      },
      () =>
        Promise.resolve({
          solver: { name, version: { ...solver.identity.version } },
          type: "ising" as const,
          data: encodeQpProblem(embedded.physical, props.qubits!, props.couplers!),
          params: sapiParams,
          ...(params.label ? { label: params.label } : {}),
        }),
      signal,
    );
    const answer = decodeQpAnswer(solved.answer, "ising");
    const rows = answer.energies.length;
    const { bits, broken } = unembedMajority(
      answer.solutions,
      rows,
      answer.activeVariables,
      embedding.chains,
    );
    // One sample per read: histogram rows are repeated by their occurrence counts.
    let total = 0;
    for (let r = 0; r < rows; r++) total += answer.numOccurrences[r];
    const samples = new Uint8Array(total * n);
    const energies = new Float64Array(total);
    let at = 0;
    let brokenSum = 0;
    for (let r = 0; r < rows; r++) {
      const row = bits.subarray(r * n, (r + 1) * n);
      const energy = quboEnergy(qubo, row);
      for (let c = 0; c < answer.numOccurrences[r]; c++, at++) {
        samples.set(row, at * n);
        energies[at] = energy;
        brokenSum += broken[r];
      }
    }
    const timing = answer.timing;
    const seconds = (key: string) =>
      typeof timing[key] === "number" ? { [key.replace(/_time$/, "")]: timing[key] / 1e6 } : {};
    return {
      n,
      numReads: total,
      samples,
      energies,
      info: {
        timing: {
          total: (performance.now() - started) / 1000,
          sapiWait: solved.wallSeconds,
          ...seconds("qpu_access_time"),
          ...seconds("qpu_sampling_time"),
          ...seconds("qpu_programming_time"),
        },
        problemIds: [solved.id],
        label: solved.label,
        adopted: solved.adopted ?? false,
        solver: name,
        graphId: solver.identity.version?.graph_id,
        resumed,
        sapiTiming: timing,
        chainStrength,
        chainBreakFraction: total ? brokenSum / total : 0,
        maxChainLength: embedding.maxChainLength,
        physicalQubits: embedded.qubits,
        scale: embedded.scale,
        numReads: total,
      },
    };
  }
}
