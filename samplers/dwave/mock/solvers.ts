/**
 * Realistic solver descriptions for the mock SAPI and for offline planning: an Advantage-like
 * Pegasus P16 and an Advantage2-like Zephyr Z12, each with missing qubits chosen by a fixed
 * seed (so graph ids are stable), a small Zephyr Z4 prototype for quick tests, and a Leap
 * hybrid BQM solver. Property values follow SAPI.md 2.3-2.5.
 */
import type { SolverDescription } from "../solvers.ts";
import { pegasusTopology, type Topology, zephyrTopology } from "../topology.ts";

const QPU_PARAMETERS = [
  "anneal_offsets",
  "anneal_schedule",
  "annealing_time",
  "answer_mode",
  "auto_scale",
  "fast_anneal",
  "flux_biases",
  "flux_drift_compensation",
  "h_gain_schedule",
  "initial_state",
  "max_answers",
  "num_reads",
  "num_spin_reversal_transforms",
  "programming_thermalization",
  "readout_thermalization",
  "reduce_intersample_correlation",
  "reinitialize_state",
];

/** Advantage_system4.1 timing constants (D-Wave's client mock, SAPI.md 2.5). */
const TIMING_DATA = {
  version: "1.0.0",
  typical_programming_time: 14072.88,
  default_programming_thermalization: 1000.0,
  default_annealing_time: 20.0,
  readout_time_model: "pwl_log_log",
  readout_time_model_parameters: [
    0.0,
    0.7699665876947938,
    1.7242758696010096,
    2.711975459489206,
    3.1639057672764026,
    3.750276915153992,
    1.539131714800995,
    1.8726623164229292,
    2.125631787097315,
    2.332672340068556,
    2.371606651233025,
    2.3716219271760215,
  ],
  qpu_delay_time_per_sample: 20.54,
  default_readout_thermalization: 0.0,
  decorrelation_max_nominal_anneal_time: 2000.0,
  decorrelation_time_range: [500.0, 10000.0],
};

/** Deterministic choice of `count` qubits to remove (mulberry32 on a seed). */
function missingQubits(topology: Topology, count: number, seed: number): Set<number> {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const missing = new Set<number>();
  while (missing.size < count) {
    missing.add(topology.qubits[Math.floor(next() * topology.qubits.length)]);
  }
  return missing;
}

function graphId(qubits: readonly number[], couplers: number): string {
  let hash = 2166136261;
  for (const q of qubits) hash = Math.imul(hash ^ q, 16777619);
  hash = Math.imul(hash ^ couplers, 16777619);
  return `01${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

/** A QPU solver description on a topology with `missing` qubits removed. */
export function qpuSolverDescription(
  name: string,
  topology: Topology,
  missing: number,
  seed: number,
  extra: Record<string, unknown> = {},
): SolverDescription {
  const gone = missingQubits(topology, missing, seed);
  const qubits = topology.qubits.filter((q) => !gone.has(q));
  const couplers = topology.couplers.filter(([a, b]) => !gone.has(a) && !gone.has(b));
  const advantage2 = topology.type === "zephyr";
  return {
    identity: { name, version: { graph_id: graphId(qubits, couplers.length) } },
    status: "ONLINE",
    description: advantage2 ? "Advantage2 (mock)" : "Advantage performance update (mock)",
    avg_load: 0.12,
    properties: {
      category: "qpu",
      chip_id: name,
      supported_problem_types: ["ising", "qubo"],
      topology: { type: topology.type, shape: [...topology.shape] },
      num_qubits: topology.numQubits,
      qubits,
      couplers,
      h_range: advantage2 ? [-4.0, 4.0] : [-4.0, 4.0],
      j_range: [-1.0, 1.0],
      extended_j_range: advantage2 ? [-2.0, 1.0] : [-2.0, 1.0],
      ...(advantage2
        ? { per_group_coupling_range: [-13.0, 10.0] }
        : { per_qubit_coupling_range: [-18.0, 15.0] }),
      num_reads_range: [1, 10000],
      annealing_time_range: [0.5, 2000.0],
      default_annealing_time: 20.0,
      default_programming_thermalization: 1000.0,
      default_readout_thermalization: 0.0,
      problem_run_duration_range: [0.0, 1000000.0],
      max_anneal_schedule_points: 12,
      quota_conversion_rate: 1,
      tags: ["lower_noise"],
      parameters: Object.fromEntries(QPU_PARAMETERS.map((p) => [p, `${p} (see D-Wave docs)`])),
      problem_timing_data: advantage2
        ? { ...TIMING_DATA, typical_programming_time: 33600.0, qpu_delay_time_per_sample: 60.6 }
        : TIMING_DATA,
      ...extra,
    },
  };
}

/** The Leap hybrid BQM solver (SAPI.md 2.4). */
export function hybridSolverDescription(): SolverDescription {
  return {
    identity: { name: "hybrid_binary_quadratic_model_version2" },
    status: "ONLINE",
    description: "Hybrid unstructured BQM solver (mock)",
    avg_load: 0.0,
    properties: {
      category: "hybrid",
      supported_problem_types: ["bqm"],
      version: "2.2",
      quota_conversion_rate: 20,
      maximum_number_of_variables: 1000000,
      maximum_number_of_biases: 200000000,
      maximum_time_limit_hrs: 24.0,
      minimum_time_limit: [
        [1, 3.0],
        [1024, 3.0],
        [4096, 10.0],
        [10000, 40.0],
        [30000, 200.0],
        [100000, 600.0],
        [1000000, 600.0],
      ],
      parameters: { time_limit: "Maximum requested runtime in seconds." },
    },
  };
}

let cachedRealistic: SolverDescription[] | undefined;

/**
 * The built-in solvers: Advantage_system4.1 (P16, 13 qubits missing: 5627 working),
 * Advantage2_system1.7 (Z12, 48 missing), Advantage2_prototype_mock (Z4, 6 missing) and the
 * hybrid BQM solver. Used by the mock and by `plan` when no D-Wave account is configured.
 */
export function builtinSolvers(): SolverDescription[] {
  cachedRealistic ??= [
    qpuSolverDescription("Advantage_system4.1", pegasusTopology(16), 13, 41),
    qpuSolverDescription("Advantage2_system1.7", zephyrTopology(12, 4), 48, 17),
    qpuSolverDescription("Advantage2_prototype_mock", zephyrTopology(4, 4), 6, 4),
    hybridSolverDescription(),
  ];
  return cachedRealistic;
}
