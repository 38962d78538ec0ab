/**
 * A lazily connected D-Wave session shared by the samplers of one factory: configuration is
 * resolved on first use (so a pipeline that never uses D-Wave needs no token), then the
 * endpoint, the client and the solver list, each once.
 */
import { hasErrorCode, UserError } from "../../lib/errors.ts";
import { type Clock, SapiClient } from "./client.ts";
import { checkHeaders, checkToken } from "./header_values.ts";
import { type ConfigEnvironment, type DwaveConfig, loadDwaveConfig } from "./config.ts";
import type { ProblemJournal } from "./journal.ts";
import { resolveSapiEndpoint } from "./regions.ts";
import { selectSolver, type SolverDescription } from "./solvers.ts";

/** Options of the D-Wave samplers and session. */
export interface DwaveOptions {
  /** Explicit configuration (highest precedence), e.g. from the pipeline YAML. */
  readonly config?: Partial<DwaveConfig> & { profile?: string; configFile?: string };
  /** Environment variables (default: the process environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where dwave.conf is looked for and how it is read (tests). */
  readonly configEnvironment?: Omit<ConfigEnvironment, "env">;
  /** fetch to use (default: global fetch). */
  readonly fetch?: typeof fetch;
  /** Receives retry and warning lines (never the token). */
  readonly log?: (line: string) => void;
  /** Remembers submitted problems so an interrupted run resumes (default: none). */
  readonly journal?: ProblemJournal;
  /** Time source of retries and polling deadlines (tests of long outages; default: real). */
  readonly clock?: Clock;
}

/** A connection to SAPI, opened on first use. */
export class DwaveSession {
  readonly options: DwaveOptions;
  #config?: DwaveConfig;
  #client?: Promise<SapiClient>;
  #solvers?: Promise<SolverDescription[]>;

  constructor(options: DwaveOptions = {}) {
    this.options = options;
  }

  /** The resolved configuration (files and environment read once). */
  config(): DwaveConfig {
    this.#config ??= loadDwaveConfig(this.options.config ?? {}, {
      ...this.options.configEnvironment,
      env: this.options.env,
    });
    return this.#config;
  }

  /** The SAPI client; a UserError when no token is configured. */
  client(): Promise<SapiClient> {
    this.#client ??= (async () => {
      const config = this.config();
      if (!config.token) {
        throw new UserError(
          'No D-Wave API token is configured; set DWAVE_API_TOKEN or add "token = ..." to dwave.conf (copy it from the Leap dashboard), or use a local sampler.',
          { code: "auth" },
        );
      }
      // Before any request: fetch would quote a bad value, token included, in its error.
      checkToken(config.token, config.sources.token ?? "option token");
      checkHeaders(config.headers, config.sources.headers ?? "option headers");
      const endpoint = await resolveSapiEndpoint(config, {
        fetch: this.options.fetch,
        log: this.options.log,
      });
      return new SapiClient({
        endpoint,
        token: config.token,
        fetch: this.options.fetch,
        headers: config.headers,
        requestTimeout: config.requestTimeout,
        maxRetries: config.maxRetries,
        retryBackoff: config.retryBackoff,
        retryBackoffMax: config.retryBackoffMax,
        log: this.options.log,
        clock: this.options.clock,
      });
    })();
    // A failed attempt (bad token file, network) may be retried by the next call.
    this.#client.catch(() => this.#client = undefined);
    return this.#client;
  }

  /** Every solver the token may use (fetched once). */
  solvers(signal?: AbortSignal): Promise<SolverDescription[]> {
    this.#solvers ??=
      (async () => (await (await this.client()).listSolvers(signal)) as SolverDescription[])();
    this.#solvers.catch(() => this.#solvers = undefined);
    return this.#solvers;
  }

  /** The solver a sampler uses: `spec` (a name or filter) else the configured one, else the best. */
  async solver(
    kind: "qpu" | "hybrid",
    spec?: string,
    signal?: AbortSignal,
  ): Promise<SolverDescription> {
    const configured = this.config().solver;
    const solvers = await this.solvers(signal);
    // A configured solver of the other kind (a profile for QPUs) must not break the hybrid sampler.
    if (!spec && configured) {
      try {
        return selectSolver(solvers, kind, configured);
      } catch (error) {
        // Fall back to the best solver of this kind when the configured one does not fit it:
        // a filter matching no solver of this kind, or a name of the other kind.
        const filter = configured.trim().startsWith("{");
        const fallBack = hasErrorCode(error, "solver-kind") ||
          (filter && hasErrorCode(error, "solver"));
        if (!fallBack) throw error;
      }
    }
    return selectSolver(solvers, kind, spec);
  }
}
