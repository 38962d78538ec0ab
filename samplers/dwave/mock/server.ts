/**
 * A loopback mock of D-Wave's Solver API (SAPI.md section 7), on Deno.serve at 127.0.0.1:
 * regions, solvers (with filter= and ETag), the problem lifecycle with configurable delays and
 * long polling, qp and bq answers computed by really solving the problem with a local sampler,
 * the multipart upload with checksum checks, cancellation, and injectable faults. Every wait
 * inside it is bounded, so it never keeps a test alive.
 */
import { BqmFormatError, type BqmModel, bqmModelToQubo, decodeBqmFile } from "../bqm_file.ts";
import { combineChecksum, md5, toBase64, toHex } from "../checksums.ts";
import { encodeBqAnswer } from "../bq_format.ts";
import { decodeQpProblem, encodeDoubles, encodeInts, packQpSolutions } from "../qp_format.ts";
import { minimumTimeLimit, type SolverDescription } from "../solvers.ts";
import { quboEnergy } from "../../../lib/qubo.ts";
import { type Fault, FaultPlan } from "./faults.ts";
import {
  type LocalSolve,
  physicalQuboToQubo,
  physicalToQubo,
  saLocalSolve,
  sparseAnnealSolve,
} from "./mock_solve.ts";
import { builtinSolvers } from "./solvers.ts";

/** Options of {@link startMockSapi}. */
export interface MockSapiOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Token the mock accepts (default: a fresh random test token). */
  readonly token?: string;
  /** Solvers offered (default: builtinSolvers()). */
  readonly solvers?: readonly SolverDescription[];
  /** Milliseconds a problem stays PENDING, then IN_PROGRESS at least (defaults 20, 30). */
  readonly pendingMs?: number;
  /** Milliseconds it stays IN_PROGRESS at least (default 30). */
  readonly runMs?: number;
  /** Answer QPU problems inline in the POST response when they finish in time (default false). */
  readonly inlineAnswers?: boolean;
  /** Upper bound on one long poll, whatever timeout the client asks (default 30 s). */
  readonly maxLongPollSeconds?: number;
  /** How problems are solved (default: the "sa" annealer, 1000 sweeps, for hybrid problems). */
  readonly solve?: LocalSolve;
  /**
   * How QPU problems are solved (default: `solve` if given, else a sparse annealer that keeps
   * the mock responsive while it works).
   */
  readonly qpuSolve?: LocalSolve;
  /** Reads the hybrid solver runs per problem (default 8). */
  readonly hybridReads?: number;
  /** Faults to inject from the start. */
  readonly faults?: readonly Fault[];
  /** Seed of the local solves (default 1). */
  readonly seed?: number;
}

/** A problem as the mock keeps it. */
export interface MockProblem {
  /** Problem id. */
  readonly id: string;
  /** Problem type ("ising", "qubo", "bqm"). */
  readonly type: string;
  /** The solver it was submitted to. */
  readonly solver: { name: string; version?: Record<string, unknown> };
  /** The submitted label. */
  readonly label: string | null;
  /** SAPI status, advanced by the clock. */
  status: "PENDING" | "IN_PROGRESS" | "COMPLETED" | "FAILED" | "CANCELLED";
  /** ISO time of submission. */
  readonly submittedOn: string;
  /** ISO time it finished, null before. */
  solvedOn: string | null;
  /** The answer once COMPLETED. */
  answer?: Record<string, unknown>;
  /** Why it FAILED. */
  errorMessage?: string;
  /** The submitted problem data. */
  readonly data: Record<string, unknown>;
  /** The submitted solver parameters. */
  readonly params: Record<string, unknown>;
  /** Epoch ms when it may leave PENDING / finish. */
  readonly startAt: number;
  /** Epoch ms when it finishes. */
  readonly finishAt: number;
  /** An injected end instead of an answer ("submit" faults). */
  fate?: "fail" | "cancel";
}

interface MockUpload {
  readonly size: number;
  readonly parts: Map<number, { bytes: Uint8Array; digest: Uint8Array }>;
  status: "UPLOAD_IN_PROGRESS" | "UPLOAD_COMPLETED";
  model?: BqmModel;
}

/** A running mock. */
export interface MockSapi {
  /** SAPI base URL, e.g. http://127.0.0.1:PORT/sapi/v2/ (use as DWAVE_API_ENDPOINT). */
  readonly url: string;
  /** Metadata API base URL (use as DWAVE_METADATA_API_ENDPOINT). */
  readonly metadataUrl: string;
  /** The token it accepts. */
  readonly token: string;
  /** The port it listens on. */
  readonly port: number;
  /** Solvers it offers. */
  readonly solvers: readonly SolverDescription[];
  /** Every problem submitted, by id. */
  readonly problems: ReadonlyMap<string, MockProblem>;
  /** Faults to inject; add more while it runs. */
  readonly faults: FaultPlan;
  /** Requests by route, and submissions (jobs accepted). */
  readonly stats: { requests: Record<string, number>; submissions: number; uploads: number };
  /** Every request's method and path with query (for token-leak checks). */
  readonly requestLog: string[];
  /** Forgets every problem and upload, as a restarted server would. */
  forget(): void;
  /** How long problems submitted from now on stay pending and run (ms). */
  readonly timing: { pendingMs: number; runMs: number };
  /** Stops the server and waits for it. */
  close(): Promise<void>;
}

const MEDIA = {
  list: "application/vnd.dwave.sapi.solver-definition-list+json",
  solver: "application/vnd.dwave.sapi.solver-definition+json",
  problems: "application/vnd.dwave.sapi.problems+json",
  problem: "application/vnd.dwave.sapi.problem+json",
  data: "application/vnd.dwave.sapi.problem-data+json",
  answer: "application/vnd.dwave.sapi.problem-answer+json",
  messages: "application/vnd.dwave.sapi.problem-message+json",
};

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** A JSON response; `media` is a SAPI media type (version 3.0.0), or a full Content-Type. */
function json(body: unknown, status = 200, media?: string, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set(
    "Content-Type",
    !media
      ? "application/json"
      : media.includes(";")
      ? media
      : `${media}; version=3.0.0; charset=utf-8`,
  );
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** The Metadata API's media types (dwave-cloud-client api/resources.py Regions). */
const METADATA = {
  regions: "application/vnd.dwave.metadata.regions+json; version=1.0",
  region: "application/vnd.dwave.metadata.region+json; version=1.0",
};

function error(status: number, message: string): Response {
  return json({ error_code: status, error_msg: message }, status);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Applies a transport fault to a response the mock would have sent. */
async function applyFault(fault: Fault, response: () => Promise<Response>): Promise<Response> {
  switch (fault.kind) {
    case "429":
      return new Response(JSON.stringify({ error_code: 429, error_msg: "Too many requests" }), {
        status: 429,
        headers: fault.retryAfter === undefined ? {} : { "Retry-After": String(fault.retryAfter) },
      });
    case "500":
    case "503":
      return error(Number(fault.kind), "Internal server error (injected)");
    case "401":
      return error(401, "Invalid token or access denied");
    case "slow": {
      // The work is done (a submission accepted) and only the answer comes late.
      const real = await response();
      await sleep(fault.delayMs ?? 2000);
      return real;
    }
    case "reset": {
      // The request is handled (a submission accepted), then the connection is reset before
      // any of the answer arrives.
      await response();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.error(new Error("connection reset (injected)"));
        },
      });
      return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    }
    case "truncated": {
      const real = await response();
      const text = await real.text();
      return new Response(text.slice(0, Math.max(1, text.length >> 1)), {
        status: real.status,
        headers: real.headers,
      });
    }
    case "content-type": {
      const real = await response();
      return new Response(await real.text(), {
        status: real.status,
        headers: { "Content-Type": "text/html" },
      });
    }
    case "drop": {
      // Send a few bytes, then fail the stream: the client sees a connection cut mid-body.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('[{"id": "'));
          setTimeout(() => controller.error(new Error("connection dropped (injected)")), 5);
        },
      });
      return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    }
    default:
      return response();
  }
}

/** Applies a `filter=` field selection (SAPI.md 2.1) to a solver description. */
function filterFields(solver: SolverDescription, filter: string | null): unknown {
  if (!filter) return solver;
  const [start, ...actions] = filter.split(",");
  const flat = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (path !== "" && (value === null || typeof value !== "object" || Array.isArray(value))) {
      flat.set(path, value);
      return;
    }
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      walk(inner, path ? `${path}.${key}` : key);
    }
  };
  walk(solver, "");
  const keep = new Set(start === "none" ? [] : flat.keys());
  for (const action of actions) {
    const field = action.slice(1);
    for (const key of flat.keys()) {
      if (key === field || key.startsWith(`${field}.`)) {
        if (action[0] === "-") keep.delete(key);
        else keep.add(key);
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keep) {
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = flat.get(key);
  }
  return out;
}

/** Starts the mock on 127.0.0.1. */
export function startMockSapi(options: MockSapiOptions = {}): Promise<MockSapi> {
  const token = options.token ?? `MCK-${toHex(crypto.getRandomValues(new Uint8Array(20)))}`;
  const solvers = options.solvers ?? builtinSolvers();
  const timing = { pendingMs: options.pendingMs ?? 20, runMs: options.runMs ?? 30 };
  const maxPoll = options.maxLongPollSeconds ?? 30;
  const solve = options.solve ?? saLocalSolve();
  const qpuSolve = options.qpuSolve ?? options.solve ?? sparseAnnealSolve();
  const hybridReads = options.hybridReads ?? 8;
  const faults = new FaultPlan();
  faults.add(...(options.faults ?? []));
  const problems = new Map<string, MockProblem>();
  const uploads = new Map<string, MockUpload>();
  const stats = { requests: {} as Record<string, number>, submissions: 0, uploads: 0 };
  const requestLog: string[] = [];
  const solving = new Map<string, Promise<void>>();
  let seed = options.seed ?? 1;
  const etag = `"${
    toHex(md5(new TextEncoder().encode(JSON.stringify(solvers.map((s) => s.identity)))))
  }"`;
  const controller = new AbortController();

  const findSolver = (name: string) => solvers.find((s) => s.identity.name === name);

  const statusOf = (p: MockProblem, withAnswer: boolean) => {
    advance(p);
    const out: Record<string, unknown> = {
      id: p.id,
      type: p.type,
      solver: p.solver,
      label: p.label,
      status: p.status,
      submitted_on: p.submittedOn,
      solved_on: p.solvedOn,
    };
    if (p.status === "FAILED") out.error_message = p.errorMessage;
    if (withAnswer && p.status === "COMPLETED") out.answer = p.answer;
    return out;
  };

  /** Moves a problem along its lifecycle by the clock (answers are computed eagerly). */
  function advance(p: MockProblem): void {
    if (TERMINAL.has(p.status)) return;
    const now = Date.now();
    if (now >= p.startAt && p.status === "PENDING") p.status = "IN_PROGRESS";
    if (now >= p.finishAt) {
      if (p.fate === "cancel") {
        p.status = "CANCELLED";
        p.solvedOn = new Date().toISOString();
      } else if (p.fate === "fail" || p.errorMessage) {
        p.status = "FAILED";
        p.errorMessage ??= "Solver failed to solve the problem (injected)";
        p.solvedOn = new Date().toISOString();
      } else if (p.answer) {
        p.status = "COMPLETED";
        p.solvedOn = new Date().toISOString();
      }
    }
  }

  async function computeQpAnswer(p: MockProblem, solver: SolverDescription): Promise<void> {
    const props = solver.properties;
    const physical = decodeQpProblem(
      p.data as { lin: string; quad: string },
      props.qubits!,
      props.couplers!,
    );
    // An ising problem's spins are reported as bits (1: +1); a qubo problem is solved as a QUBO.
    const { active, qubo } = p.type === "qubo"
      ? physicalQuboToQubo(physical)
      : physicalToQubo(physical);
    const reads = Number(p.params.num_reads ?? 1);
    const set = await qpuSolve(qubo, reads, seed++, controller.signal);
    const k = active.length;
    // Ising energies exclude the problem offset (SAPI.md 4.4); QUBO-typed problems use bits.
    const spinEnergy = (r: number) => quboEnergy(qubo, set.samples, r * k);
    const rows = new Map<string, { row: number; energy: number; count: number }>();
    const order: { row: number; energy: number; count: number }[] = [];
    const histogram = (p.params.answer_mode ?? "histogram") === "histogram";
    for (let r = 0; r < set.numReads; r++) {
      const key = histogram ? set.samples.subarray(r * k, (r + 1) * k).join("") : String(r);
      const held = rows.get(key);
      if (held) held.count++;
      else {
        const entry = { row: r, energy: spinEnergy(r), count: 1 };
        rows.set(key, entry);
        order.push(entry);
      }
    }
    if (histogram) order.sort((a, b) => a.energy - b.energy);
    const solutions = new Uint8Array(order.length * k);
    order.forEach((e, i) => solutions.set(set.samples.subarray(e.row * k, (e.row + 1) * k), i * k));
    const timing = props.problem_timing_data as Record<string, number>;
    const anneal = Number(p.params.annealing_time ?? props.default_annealing_time ?? 20);
    const readout = 36.4;
    const delay = Number(timing?.qpu_delay_time_per_sample ?? 20.54);
    const sampling = reads * (anneal + readout + delay);
    const programming = Number(timing?.typical_programming_time ?? 14072.88) + 1000;
    p.answer = {
      format: "qp",
      num_variables: props.num_qubits,
      active_variables: encodeInts(active),
      solutions: packQpSolutions(solutions, order.length, k),
      energies: encodeDoubles(order.map((e) => e.energy)),
      num_occurrences: encodeInts(order.map((e) => e.count)),
      timing: {
        qpu_sampling_time: sampling,
        qpu_anneal_time_per_sample: anneal,
        qpu_readout_time_per_sample: readout,
        qpu_access_time: sampling + programming,
        qpu_access_overhead_time: 6535.24,
        qpu_programming_time: programming,
        qpu_delay_time_per_sample: delay,
        total_post_processing_time: 1853.0,
        post_processing_overhead_time: 1853.0,
      },
    };
  }

  async function computeBqAnswer(p: MockProblem, model: BqmModel): Promise<void> {
    const qubo = bqmModelToQubo(model);
    const set = await solve(qubo, hybridReads, seed++, controller.signal);
    // Return distinct samples, best first, as the hybrid solver does.
    const seen = new Set<string>();
    const rows: number[] = [];
    const order = Array.from({ length: set.numReads }, (_, r) => r).sort((a, b) =>
      set.energies[a] - set.energies[b]
    );
    for (const r of order) {
      const key = set.samples.subarray(r * qubo.n, (r + 1) * qubo.n).join("");
      if (!seen.has(key)) seen.add(key), rows.push(r);
    }
    const samples = new Uint8Array(rows.length * qubo.n);
    rows.forEach((r, i) =>
      samples.set(set.samples.subarray(r * qubo.n, (r + 1) * qubo.n), i * qubo.n)
    );
    const timeLimit = Number(p.params.time_limit ?? 3);
    p.answer = encodeBqAnswer(
      samples,
      rows.length,
      qubo.n,
      rows.map((r) => set.energies[r]),
      {
        qpu_access_time: 31890,
        charge_time: Math.round(timeLimit * 1e6),
        run_time: Math.round(timeLimit * 1e6) - 2155,
      },
    );
  }

  /** Validates one job; returns an item error message or undefined. */
  function validate(job: Record<string, unknown>): string | undefined {
    const identity = job.solver as { name?: string; version?: { graph_id?: string } } | undefined;
    const solver = identity?.name ? findSolver(identity.name) : undefined;
    if (!solver) return "Solver does not exist or apitoken does not have access";
    const graphId = solver.identity.version?.graph_id;
    if (graphId && identity?.version?.graph_id !== graphId) {
      return `Solver graph_id ${identity?.version?.graph_id} is stale; the current one is ${graphId}`;
    }
    const props = solver.properties;
    if (!props.supported_problem_types?.includes(String(job.type))) {
      return `Problem type (${job.type}) is not supported by the solver`;
    }
    const params = (job.params ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(params)) {
      if (!(key in (props.parameters ?? {})) && !key.startsWith("x_")) {
        return `Unknown parameter: ${key}`;
      }
    }
    const data = (job.data ?? {}) as Record<string, unknown>;
    if (job.type === "bqm") {
      const upload = data.format === "ref" ? uploads.get(String(data.data)) : undefined;
      if (!upload || upload.status !== "UPLOAD_COMPLETED" || !upload.model) {
        return `Problem data reference ${data.data} is not a completed upload`;
      }
      const n = upload.model.linear.length;
      const minimum = minimumTimeLimit(solver, n);
      const limit = params.time_limit === undefined ? minimum : Number(params.time_limit);
      if (!(limit >= minimum)) {
        return `Attempting to run a problem for less than the allowed minimum time_limit ${minimum} s`;
      }
      if (n > (props.maximum_number_of_variables ?? Infinity)) {
        return `The problem has ${n} variables; the solver allows ${props.maximum_number_of_variables}`;
      }
      return undefined;
    }
    if (data.format !== "qp") return `Unsupported problem data format ${data.format}`;
    try {
      const physical = decodeQpProblem(
        data as { lin: string; quad: string },
        props.qubits!,
        props.couplers!,
      );
      if (params.auto_scale === false) {
        const [hLo, hHi] = props.h_range ?? [-4, 4];
        const [jLo, jHi] = props.extended_j_range ?? props.j_range ?? [-1, 1];
        for (const h of physical.h.values()) {
          if (h < hLo || h > hHi) return `h value ${h} is outside h_range [${hLo}, ${hHi}]`;
        }
        for (const j of physical.j.values()) {
          if (j < jLo || j > jHi) return `J value ${j} is outside j_range [${jLo}, ${jHi}]`;
        }
      }
    } catch (e) {
      return `Invalid problem data: ${e instanceof Error ? e.message : e}`;
    }
    const reads = Number(params.num_reads ?? 1);
    const [rLo, rHi] = props.num_reads_range ?? [1, 10000];
    if (!Number.isInteger(reads) || reads < rLo || reads > rHi) {
      return `num_reads ${reads} is outside num_reads_range [${rLo}, ${rHi}]`;
    }
    const anneal = Number(params.annealing_time ?? props.default_annealing_time ?? 20);
    const [aLo, aHi] = props.annealing_time_range ?? [0.5, 2000];
    if (anneal < aLo || anneal > aHi) {
      return `annealing_time ${anneal} is outside annealing_time_range [${aLo}, ${aHi}]`;
    }
    const duration = reads * (anneal + Number(params.readout_thermalization ?? 0) + 36.4) +
      Number(params.programming_thermalization ?? props.default_programming_thermalization ?? 1000);
    const limit = props.problem_run_duration_range?.[1] ?? 1e6;
    if (duration > limit) {
      return `Upper limit on user-specified timing related parameters exceeded: ${
        Math.round(duration)
      } > ${limit}`;
    }
    return undefined;
  }

  function submit(job: Record<string, unknown>): Record<string, unknown> {
    const message = validate(job);
    if (message) return { error_code: 400, error_msg: message };
    stats.submissions++;
    const now = Date.now();
    const fate = faults.take("submit", ["fail", "cancel"])?.kind as "fail" | "cancel" | undefined;
    const problem: MockProblem = {
      id: crypto.randomUUID(),
      type: String(job.type),
      solver: job.solver as MockProblem["solver"],
      label: typeof job.label === "string" ? job.label : null,
      status: "PENDING",
      submittedOn: new Date(now).toISOString(),
      solvedOn: null,
      data: job.data as Record<string, unknown>,
      params: (job.params ?? {}) as Record<string, unknown>,
      startAt: now + timing.pendingMs,
      finishAt: now + timing.pendingMs + timing.runMs,
      fate,
    };
    problems.set(problem.id, problem);
    const solver = findSolver(problem.solver.name)!;
    const work = problem.type === "bqm"
      ? computeBqAnswer(problem, uploads.get(String(problem.data.data))!.model!)
      : computeQpAnswer(problem, solver);
    solving.set(
      problem.id,
      work.catch((e) => {
        problem.errorMessage = `Mock solver error: ${e instanceof Error ? e.message : e}`;
      }).finally(() => solving.delete(problem.id)),
    );
    return statusOf(problem, false);
  }

  async function readJsonBody(request: Request): Promise<unknown> {
    let bytes = new Uint8Array(await request.arrayBuffer());
    if (request.headers.get("Content-Encoding") === "deflate") {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  async function longPoll(ids: string[], seconds: number): Promise<void> {
    const deadline = Date.now() + 1000 * Math.min(seconds, maxPoll);
    while (Date.now() < deadline && !controller.signal.aborted) {
      const listed = ids.map((id) => problems.get(id)).filter((p) => p) as MockProblem[];
      listed.forEach(advance);
      if (listed.length === 0 || listed.some((p) => TERMINAL.has(p.status))) return;
      await sleep(Math.min(10, Math.max(1, deadline - Date.now())), controller.signal);
    }
  }

  function cancelOne(id: string): Record<string, unknown> | undefined {
    const p = problems.get(id);
    if (!p) return undefined;
    advance(p);
    if (TERMINAL.has(p.status)) return { error_code: 409, error_msg: "Problem has been finished." };
    const wasRunning = p.status === "IN_PROGRESS";
    p.status = "CANCELLED";
    p.solvedOn = new Date().toISOString();
    return wasRunning
      ? { error_code: 202, error_msg: "Attempting to cancel problem in progress." }
      : statusOf(p, false);
  }

  function route(request: Request, url: URL): [string, () => Promise<Response>] {
    const path = url.pathname;
    if (path.startsWith("/metadata/v1/regions")) {
      const origin = `${url.protocol}//${url.host}`;
      const regions = [
        { code: "na-west-1", name: "North America (West)", endpoint: `${origin}/sapi/v2/` },
        { code: "eu-central-1", name: "Europe", endpoint: `${origin}/sapi/v2/` },
      ];
      const code = path.replace(/^\/metadata\/v1\/regions\/?/, "").replace(/\/$/, "");
      return ["regions", () => {
        if (!code) return Promise.resolve(json(regions, 200, METADATA.regions));
        const one = regions.find((r) => r.code === code);
        return Promise.resolve(
          one ? json(one, 200, METADATA.region) : error(404, "Region not found"),
        );
      }];
    }
    if (!path.startsWith("/sapi/v2/")) {
      return ["other", () => Promise.resolve(error(404, "Not found"))];
    }
    const rest = path.slice("/sapi/v2/".length).replace(/\/$/, "");
    const parts = rest.split("/");
    const method = request.method;
    if (parts[0] === "solvers" && parts[1] === "remote") {
      return ["solvers", () => {
        const filter = url.searchParams.get("filter");
        const solver = parts.length === 2 ? undefined : findSolver(decodeURIComponent(parts[2]));
        if (parts.length > 2 && !solver) return Promise.resolve(error(404, "Solver not found"));
        const body = solver
          ? filterFields(solver, filter)
          : solvers.map((s) => filterFields(s, filter));
        // One ETag per representation (filtered or not), so If-None-Match works with filter=.
        const tag = `"${toHex(md5(new TextEncoder().encode(`${etag}${JSON.stringify(body)}`)))}"`;
        const headers = { ETag: tag, "Cache-Control": "private, max-age=300" };
        if (request.headers.get("If-None-Match") === tag) {
          return Promise.resolve(new Response(null, { status: 304, headers }));
        }
        return Promise.resolve(json(body, 200, solver ? MEDIA.solver : MEDIA.list, headers));
      }];
    }
    if (parts[0] === "problems") {
      if (parts.length === 1 && method === "POST") {
        return ["submit", async () => {
          let body: unknown;
          try {
            body = await readJsonBody(request);
          } catch {
            return error(400, "Request body is not valid JSON");
          }
          if (Array.isArray(body)) return json(body.map(submit), 200, MEDIA.problems);
          // A single job is answered with a single status, typed as D-Wave's client expects.
          const status = submit(body as Record<string, unknown>);
          if (status.id && options.inlineAnswers) {
            await solving.get(String(status.id));
            await longPoll([String(status.id)], (timing.pendingMs + timing.runMs) / 1000 + 1);
            return json(statusOf(problems.get(String(status.id))!, true), 200, MEDIA.problems);
          }
          return json(status, 200, MEDIA.problems);
        }];
      }
      if (parts.length === 1 && method === "GET") {
        return ["poll", async () => {
          const ids = (url.searchParams.get("id") ?? "").split(",").filter((s) => s);
          const timeout = url.searchParams.get("timeout");
          let wait = 1;
          if (timeout !== null) {
            wait = Number(timeout);
            if (!Number.isInteger(wait) || wait < 1 || wait > 30) {
              return error(400, `Unsupported timeout ${timeout}; use 1 to 30 seconds`);
            }
          }
          await longPoll(ids, wait);
          // Without id=, the token's problems, newest first, filtered as SAPI filters them.
          const label = url.searchParams.get("label");
          const status = url.searchParams.get("status");
          const solver = url.searchParams.get("solver");
          const max = Math.min(1000, Number(url.searchParams.get("max_results") ?? 1000) || 1000);
          const listed = ids.length
            ? ids.map((id) => problems.get(id)).filter((p) => p) as MockProblem[]
            : [...problems.values()].reverse();
          const found = listed.filter((p) => {
            advance(p);
            return (label === null || (p.label ?? "").includes(label)) &&
              (status === null || p.status === status) &&
              (solver === null || p.solver.name === solver);
          }).slice(0, max);
          return json(found.map((p) => statusOf(p, false)), 200, MEDIA.problems);
        }];
      }
      if (parts.length === 1 && method === "DELETE") {
        return ["cancel", async () => {
          let ids: unknown;
          try {
            ids = await readJsonBody(request);
          } catch {
            return error(400, "Body must be a JSON list of problem ids");
          }
          if (!Array.isArray(ids) || ids.length === 0) {
            return error(400, "Body must be a non-empty JSON list of problem ids");
          }
          const results = ids.map((id) => cancelOne(String(id)));
          if (results.some((r) => r === undefined)) {
            return error(404, "Problem does not exist or apitoken does not have access");
          }
          return json(results, 200, MEDIA.problems);
        }];
      }
      const p = problems.get(parts[1]);
      const missing = () =>
        Promise.resolve(error(404, "Problem does not exist or apitoken does not have access"));
      if (parts.length === 2 && method === "DELETE") {
        return ["cancel", () => {
          if (!p) return missing();
          const result = cancelOne(p.id)!;
          const code = Number(result.error_code ?? 200);
          return Promise.resolve(json(result, code === 202 ? 202 : code, MEDIA.problem));
        }];
      }
      if (parts.length === 2) {
        return ["problem", async () => {
          if (!p) return missing();
          const timeout = Number(url.searchParams.get("timeout") ?? 1);
          await longPoll([p.id], Math.min(30, Math.max(0, timeout)));
          return json(statusOf(p, true), 200, MEDIA.problem);
        }];
      }
      if (parts[2] === "answer") {
        return ["problem", () => {
          if (!p) return missing();
          advance(p);
          return Promise.resolve(
            p.status === "COMPLETED" ? json({ answer: p.answer }, 200, MEDIA.answer) : missing(),
          );
        }];
      }
      if (parts[2] === "info") {
        return ["problem", () => {
          if (!p) return missing();
          const s = statusOf(p, true);
          return Promise.resolve(json(
            {
              id: p.id,
              data: p.data,
              params: p.params,
              metadata: {
                submitted_by: "mock-user",
                solver: p.solver,
                type: p.type,
                submitted_on: p.submittedOn,
                solved_on: p.solvedOn,
                status: p.status,
                messages: [],
                label: p.label,
              },
              answer: s.answer,
            },
            200,
            MEDIA.data,
          ));
        }];
      }
      if (parts[2] === "messages") {
        return ["problem", () => Promise.resolve(p ? json([], 200, MEDIA.messages) : missing())];
      }
    }
    if (parts[0] === "bqm" && parts[1] === "multipart") {
      if (parts.length === 2 && method === "POST") {
        return ["upload", async () => {
          const body = await readJsonBody(request).catch(() => undefined) as { size?: number };
          if (!body || !Number.isInteger(body.size) || body.size! <= 0) {
            return error(400, "failure to initiate upload");
          }
          const id = crypto.randomUUID();
          uploads.set(id, { size: body.size!, parts: new Map(), status: "UPLOAD_IN_PROGRESS" });
          stats.uploads++;
          return json({ id });
        }];
      }
      const upload = uploads.get(parts[2]);
      if (!upload) return ["upload", () => Promise.resolve(error(404, "Upload not found"))];
      if (parts[3] === "part" && method === "PUT") {
        return ["part", async () => {
          if (request.headers.get("Content-Type") !== "application/octet-stream") {
            return error(415, "Content-Type must be application/octet-stream");
          }
          const bytes = new Uint8Array(await request.arrayBuffer());
          const digest = md5(bytes);
          if (request.headers.get("Content-MD5") !== toBase64(digest)) {
            return error(400, "invalid checksum");
          }
          upload.parts.set(Number(parts[4]), { bytes, digest });
          return json({});
        }];
      }
      if (parts[3] === "status") {
        return ["upload", () =>
          Promise.resolve(json({
            status: upload.status,
            parts: upload.status === "UPLOAD_COMPLETED"
              ? []
              : [...upload.parts].sort(([a], [b]) => a - b).map(([n, p]) => ({
                part_number: n,
                checksum: toHex(p.digest),
              })),
          }))];
      }
      if (parts[3] === "combine" && method === "POST") {
        return ["combine", async () => {
          const body = await readJsonBody(request).catch(() => undefined) as { checksum?: string };
          const ordered = [...upload.parts].sort(([a], [b]) => a - b).map(([, p]) => p);
          if (!body?.checksum || body.checksum !== combineChecksum(ordered.map((p) => p.digest))) {
            return error(400, "Failed to combine the multipart upload");
          }
          const total = ordered.reduce((sum, p) => sum + p.bytes.length, 0);
          if (total !== upload.size) return error(400, "Failed to combine the multipart upload");
          const all = new Uint8Array(total);
          let at = 0;
          for (const p of ordered) all.set(p.bytes, at), at += p.bytes.length;
          try {
            upload.model = decodeBqmFile(all);
          } catch (e) {
            return error(400, `Malformed BQM file: ${e instanceof BqmFormatError ? e.message : e}`);
          }
          upload.status = "UPLOAD_COMPLETED";
          upload.parts.clear();
          return json({});
        }];
      }
    }
    return ["other", () => Promise.resolve(error(404, "Not found"))];
  }

  function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    requestLog.push(`${request.method} ${url.pathname}${url.search}`);
    const [name, respond] = route(request, url);
    stats.requests[name] = (stats.requests[name] ?? 0) + 1;
    if (name !== "regions" && request.headers.get("X-Auth-Token") !== token) {
      return Promise.resolve(error(401, "Invalid token or access denied"));
    }
    const fault = faults.take(name as Fault["route"], [
      "429",
      "500",
      "503",
      "401",
      "drop",
      "slow",
      "reset",
      "truncated",
      "content-type",
    ]);
    return fault ? applyFault(fault, respond) : respond();
  }

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 0,
      signal: controller.signal,
      onListen: () => {},
    }, handle);
    const port = (server.addr as Deno.NetAddr).port;
    resolve({
      url: `http://127.0.0.1:${port}/sapi/v2/`,
      metadataUrl: `http://127.0.0.1:${port}/metadata/v1/`,
      token,
      port,
      solvers,
      problems,
      faults,
      stats,
      requestLog,
      timing,
      forget() {
        problems.clear();
        uploads.clear();
      },
      async close() {
        controller.abort();
        await server.finished;
        await Promise.allSettled([...solving.values()]);
      },
    });
  });
}
