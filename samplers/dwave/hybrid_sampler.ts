/**
 * The "dwave-hybrid" sampler: the QUBO as a dimod BQM file, uploaded through the multipart API,
 * submitted by reference to a Leap hybrid BQM solver with a time limit no lower than the
 * solver's minimum for its size, the `bq` answer decoded and its energies recomputed here.
 */
import { UserError } from "../../lib/errors.ts";
import { type Qubo, quboCouplerCount, quboEnergy } from "../../lib/qubo.ts";
import type { Sampler, SampleSet } from "../sampler.ts";
import type { RawParams } from "../params.ts";
import { encodeBqmFile } from "./bqm_file.ts";
import { decodeBqAnswer } from "./bq_format.ts";
import { type HybridParams, validateHybridParams } from "./dwave_params.ts";
import { runJournaled } from "./journaled_run.ts";
import type { DwaveSession } from "./session.ts";
import { minimumTimeLimit } from "./solvers.ts";
import { uploadProblem } from "./upload.ts";

/**
 * Where each answer column goes: dimod may list `variable_labels` in any order, so columns are
 * placed by label; labels other than exactly 0..n-1 (each once) do not match the problem.
 */
export function answerColumns(
  labels: readonly (string | number)[],
  n: number,
  problemId: string,
): number[] {
  const seen = new Set<number>();
  const bad = labels.find((label) =>
    typeof label !== "number" || !Number.isInteger(label) || label < 0 || label >= n ||
    seen.has(label) || !seen.add(label)
  );
  if (bad !== undefined || labels.length !== n) {
    throw new UserError(
      `D-Wave answered problem ${problemId} with variables ${
        JSON.stringify(labels.length > 12 ? [...labels.slice(0, 12), "..."] : labels)
      } that do not match the ${n} variables 0..${
        n - 1
      } submitted; run again, and report it if it persists.`,
      { code: "remote" },
    );
  }
  return labels as number[];
}

/** The Leap hybrid BQM sampler. */
export class DwaveHybridSampler implements Sampler<HybridParams> {
  /** Name used in pipelines and results. */
  readonly name = "dwave-hybrid";
  constructor(readonly session: DwaveSession) {}

  /** Validates params, uploads, submits, waits and decodes. */
  async sample(qubo: Qubo, raw: HybridParams, signal?: AbortSignal): Promise<SampleSet> {
    const started = performance.now();
    const params = validateHybridParams(raw as RawParams);
    const solver = await this.session.solver("hybrid", params.solver, signal);
    const props = solver.properties;
    const n = qubo.n;
    if (n > (props.maximum_number_of_variables ?? Infinity)) {
      throw new UserError(
        `QUBO with ${n} variables exceeds solver "${solver.identity.name}"'s limit of ${props.maximum_number_of_variables}; use fewer bits or features.`,
        { code: "solver-limit" },
      );
    }
    const couplers = quboCouplerCount(qubo);
    if (n + couplers > (props.maximum_number_of_biases ?? Infinity)) {
      throw new UserError(
        `QUBO with ${
          n + couplers
        } biases exceeds solver "${solver.identity.name}"'s limit of ${props.maximum_number_of_biases}; use fewer bits or features.`,
        { code: "solver-limit" },
      );
    }
    const minimum = minimumTimeLimit(solver, n);
    const timeLimit = params.timeLimit ?? minimum;
    if (timeLimit < minimum) {
      throw new UserError(
        `Sampler "dwave-hybrid": parameter "timeLimit" must be at least ${minimum} s for ${n} variables on solver "${solver.identity.name}", got ${timeLimit}.`,
        { code: "solver-limit" },
      );
    }
    const maximum = (props.maximum_time_limit_hrs ?? 24) * 3600;
    if (timeLimit > maximum) {
      throw new UserError(
        `Sampler "dwave-hybrid": parameter "timeLimit" must be at most ${maximum} s on solver "${solver.identity.name}", got ${timeLimit}.`,
        { code: "solver-limit" },
      );
    }
    const client = await this.session.client();
    const { solved, resumed } = await runJournaled(
      this.session,
      client,
      { sampler: this.name, solver: solver.identity.name, params: { timeLimit }, qubo },
      async () => ({
        solver: { name: solver.identity.name },
        type: "bqm",
        data: { format: "ref", data: await uploadProblem(client, encodeBqmFile(qubo), { signal }) },
        params: { time_limit: timeLimit },
        ...(params.label ? { label: params.label } : {}),
      }),
      signal,
    );
    const answer = decodeBqAnswer(solved.answer);
    const column = answerColumns(answer.labels, n, solved.id);
    const samples = new Uint8Array(answer.numRows * n);
    const width = answer.labels.length;
    for (let r = 0; r < answer.numRows; r++) {
      for (let c = 0; c < width; c++) {
        samples[r * n + column[c]] = answer.samples[r * width + c] > 0 ? 1 : 0;
      }
    }
    const energies = new Float64Array(answer.numRows);
    for (let r = 0; r < answer.numRows; r++) energies[r] = quboEnergy(qubo, samples, r * n);
    const info = answer.info as Record<string, number>;
    return {
      n,
      numReads: answer.numRows,
      samples,
      energies,
      info: {
        timing: {
          total: (performance.now() - started) / 1000,
          sapiWait: solved.wallSeconds,
          ...(typeof info.run_time === "number" ? { run: info.run_time / 1e6 } : {}),
          ...(typeof info.charge_time === "number" ? { charge: info.charge_time / 1e6 } : {}),
          ...(typeof info.qpu_access_time === "number"
            ? { qpuAccess: info.qpu_access_time / 1e6 }
            : {}),
        },
        problemIds: [solved.id],
        label: solved.label,
        adopted: solved.adopted ?? false,
        solver: solver.identity.name,
        timeLimit,
        resumed,
        serverEnergies: Array.from(answer.energies),
        sapiInfo: answer.info,
        variables: n,
        couplers,
      },
    };
  }
}
