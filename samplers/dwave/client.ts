/**
 * A Solver API (SAPI) client over fetch (SAPI.md sections 1-4): versioned Accept headers,
 * strict Content-Type checks, deflate-compressed submissions, cancellation through AbortSignal.
 * Retries follow what a request may cost: reads are retried on 429, 5xx, network errors and
 * torn bodies; a request that creates a problem is retried only when SAPI refused it before
 * accepting anything (429, 503), otherwise its caller is told the response was lost. A
 * connection refused by an endpoint never reached fails at once, naming the endpoint.
 * The token goes into the X-Auth-Token header and nowhere else.
 */
import { VERSION } from "../../lib/version.ts";
import {
  abortError,
  httpFailureMessage,
  PollingDeadlineError,
  redact,
  ResponseLostError,
  SapiError,
} from "./errors.ts";
import { checkHeaders, checkToken } from "./header_values.ts";

/** Versioned media types (SAPI.md 1.6). */
export const MEDIA = {
  solverList: "application/vnd.dwave.sapi.solver-definition-list+json",
  solver: "application/vnd.dwave.sapi.solver-definition+json",
  problems: "application/vnd.dwave.sapi.problems+json",
  problem: "application/vnd.dwave.sapi.problem+json",
} as const;

/** Time as the client sees it: real by default, virtual in tests of long outages. */
export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Waits `ms` milliseconds (rejects with the abort reason when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The real clock. */
export const realClock: Clock = { now: () => performance.now(), sleep };

/** Options of a SapiClient. */
export interface SapiClientOptions {
  /** SAPI base URL (a trailing slash is added if missing). */
  readonly endpoint: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds per attempt (long polls add their own wait). */
  readonly requestTimeout?: number;
  /** Retries of a request that is not polling (polling retries until its deadline). */
  readonly maxRetries?: number;
  /** First backoff in seconds; doubles per retry up to retryBackoffMax. */
  readonly retryBackoff?: number;
  /** Longest backoff in seconds (default 60, as D-Wave's http_retry_backoff_max). */
  readonly retryBackoffMax?: number;
  /** Compress POST problems/ bodies with deflate (zlib), as D-Wave's client does. */
  readonly compress?: boolean;
  /** Receives one line per retry or warning (never the token). */
  readonly log?: (line: string) => void;
  /** Time source for backoff and deadlines (default: the real clock). */
  readonly clock?: Clock;
}

/**
 * How a request is retried. "read": 429, 5xx, network errors and torn bodies, up to maxRetries.
 * "create": only 429 and 503 (refused before anything was accepted); any other failure after
 * the request was sent is a ResponseLostError.
 */
export type RetryPolicy = "read" | "create";

/** One request. */
export interface SapiRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path relative to the endpoint, e.g. "problems/". */
  readonly path: string;
  /** What the request does, for messages ("list solvers"). */
  readonly what: string;
  /** Versioned media type expected back; omitted for the upload API. */
  readonly accept?: string;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Extra seconds the server may hold the request (long polling). */
  readonly wait?: number;
  readonly compress?: boolean;
  /** Default "read". */
  readonly retry?: RetryPolicy;
  /** Retries of this request (default: the client's maxRetries). */
  readonly maxRetries?: number;
  /**
   * Retry without a count limit until this clock time (ms), then throw PollingDeadlineError;
   * Infinity: until the signal aborts. For polling, which must outlast an outage.
   */
  readonly retryUntil?: number;
}

/** SAPI's answer to a request that succeeded. */
export interface SapiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** A transient failure that is worth another attempt (status 0: no HTTP answer). */
class Transient extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter?: number,
    /** The connection was refused: nothing was sent. */
    readonly refused = false,
  ) {
    super(message);
  }
}

/** User-Agent in D-Wave's convention, naming this project first. */
export function userAgent(): string {
  const v = Deno.version;
  return `qubo-cnn/${VERSION} deno/${v.deno} v8/${v.v8} typescript/${v.typescript} machine/${Deno.build.arch} system/${Deno.build.os}`;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new CompressionStream("deflate"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Seconds from a Retry-After header (delta seconds or HTTP date). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** "4 min 12 s" */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - 60 * minutes)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The message of a network error, with its cause (fetch says only "fetch failed"). */
function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}

/** A SAPI client bound to one endpoint and token. */
export class SapiClient {
  /** Base URL, always ending in "/". */
  readonly endpoint: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #options: SapiClientOptions;
  readonly #secrets: string[];
  /** Whether any request to this endpoint got an HTTP answer (a refusal is then an outage). */
  #reached = false;
  /** The time source of backoff and deadlines. */
  readonly clock: Clock;
  /** Requests made, by outcome (for tests and diagnostics). */
  readonly stats = { requests: 0, retries: 0 };

  constructor(options: SapiClientOptions) {
    checkToken(options.token, "token");
    checkHeaders(options.headers ?? {}, "headers");
    this.endpoint = options.endpoint.endsWith("/") ? options.endpoint : `${options.endpoint}/`;
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
    this.#options = options;
    this.#secrets = Object.values(options.headers ?? {});
    this.clock = options.clock ?? realClock;
  }

  /** Passes a line to the log (redacted). */
  log(line: string): void {
    this.#options.log?.(this.redact(line));
  }

  /** Redacts the token and the extra header values from a text. */
  redact(text: string): string {
    return redact(text, this.#token, this.#secrets);
  }

  /** Sends a request, retrying transient failures; throws SapiError on a final failure. */
  async request(request: SapiRequest): Promise<SapiResponse> {
    const maxRetries = request.maxRetries ?? this.#options.maxRetries ?? 10;
    const backoff = this.#options.retryBackoff ?? 0.5;
    const backoffMax = this.#options.retryBackoffMax ?? 60;
    const policy = request.retry ?? "read";
    const until = request.retryUntil;
    let failingSince: number | undefined;
    for (let attempt = 0;; attempt++) {
      if (request.signal?.aborted) throw abortError(request.signal);
      try {
        const response = await this.#attempt(request);
        if (failingSince !== undefined && until !== undefined) {
          this.#options.log?.(
            `D-Wave: ${request.what}: reachable again after ${
              formatDuration((this.clock.now() - failingSince) / 1000)
            }`,
          );
        }
        return response;
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        failingSince ??= this.clock.now();
        if (error.refused && !this.#reached) {
          throw new SapiError(
            `Could not connect to D-Wave at ${this.endpoint} to ${request.what}: the connection was refused; check the endpoint (DWAVE_API_ENDPOINT or "endpoint" in dwave.conf) or region, and that the server is running.`,
            0,
          );
        }
        const refusedBeforeAccepting = error.status === 429 || error.status === 503 ||
          error.refused;
        if (policy === "create" && !refusedBeforeAccepting) {
          throw new ResponseLostError(
            `D-Wave's answer to the request to ${request.what} was lost (${
              error.status ? `HTTP ${error.status}` : error.message
            }).`,
            error.status,
          );
        }
        const delay = Math.min(
          error.retryAfter ?? Math.min(backoffMax, backoff * 2 ** attempt),
          Math.max(backoffMax, error.retryAfter ?? 0),
        );
        const cause = error.status ? `HTTP ${error.status}` : error.message;
        if (until !== undefined) {
          if (this.clock.now() + delay * 1000 > until) {
            throw new PollingDeadlineError(
              `D-Wave stayed unreachable to ${request.what} until the polling deadline (${cause}).`,
              error.status,
            );
          }
          this.stats.retries++;
          this.#options.log?.(
            `D-Wave: ${request.what}: ${cause}; unreachable for ${
              formatDuration((this.clock.now() - failingSince) / 1000)
            }, retry ${attempt + 1} in ${delay.toFixed(2)} s (polling continues until ${
              until === Infinity ? "the problem finishes" : "polling_timeout"
            })`,
          );
        } else {
          if (attempt >= maxRetries) {
            throw new SapiError(
              error.status === 0
                ? `Could not reach D-Wave at ${this.endpoint} to ${request.what} after ${
                  attempt + 1
                } attempts (${error.message}); check the network, endpoint and region.`
                : httpFailureMessage(error.status, request.what, error.message, this.endpoint),
              error.status,
            );
          }
          this.stats.retries++;
          this.#options.log?.(
            `D-Wave: ${request.what}: ${cause}; retry ${attempt + 1}/${maxRetries} in ${
              delay.toFixed(2)
            } s`,
          );
        }
        await this.clock.sleep(delay * 1000, request.signal);
      }
    }
  }

  async #attempt(request: SapiRequest): Promise<SapiResponse> {
    const headers = new Headers(this.#options.headers);
    headers.set("X-Auth-Token", this.#token);
    headers.set("User-Agent", userAgent());
    if (request.accept) headers.set("Accept", `${request.accept}; version=3.0.0`);
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
    let body: Uint8Array | undefined = request.bytes;
    if (request.json !== undefined) {
      body = new TextEncoder().encode(JSON.stringify(request.json));
      headers.set("Content-Type", "application/json");
      if (request.compress ?? false) {
        body = await deflate(body);
        headers.set("Content-Encoding", "deflate");
      }
    }
    const timeout = AbortSignal.timeout(
      1000 * ((this.#options.requestTimeout ?? 60) + (request.wait ?? 0)),
    );
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    this.stats.requests++;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(new URL(request.path, this.endpoint), {
        method: request.method,
        headers,
        body: body as BodyInit | undefined,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (request.signal?.aborted) throw abortError(request.signal);
      if (timeout.aborted) throw new Transient(0, "request timed out");
      const message = this.redact(networkMessage(error));
      throw new Transient(0, message, undefined, /connection refused/i.test(message));
    }
    this.#reached = true;
    const status = response.status;
    if (status === 429 || status === 502 || status === 503 || status === 504 || status === 500) {
      throw new Transient(
        status,
        this.#serverMessage(text),
        parseRetryAfter(response.headers.get("Retry-After")),
      );
    }
    if (status < 200 || status >= 300) {
      const parsed = this.#tryJson(text) as { error_code?: number } | undefined;
      throw new SapiError(
        httpFailureMessage(status, request.what, this.#serverMessage(text), this.endpoint),
        status,
        parsed?.error_code,
      );
    }
    if (request.accept) this.#checkContentType(response.headers.get("Content-Type"), request);
    const parsed = text === "" ? {} : this.#tryJson(text);
    // A 2xx with a body that is not JSON is a broken transfer: worth another attempt.
    if (parsed === undefined) throw new Transient(0, "response body is not valid JSON");
    const deprecation = response.headers.get("X-Deprecation");
    if (deprecation) this.#options.log?.(`D-Wave deprecation notice: ${this.redact(deprecation)}`);
    return { status, body: parsed, headers: response.headers };
  }

  #tryJson(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  #serverMessage(text: string): string {
    const parsed = this.#tryJson(text) as { error_msg?: unknown } | undefined;
    const message = parsed && typeof parsed.error_msg === "string"
      ? parsed.error_msg
      : text.slice(0, 200);
    return this.redact(message.trim().replace(/\s+/g, " ").replace(/\.$/, ""));
  }

  #checkContentType(value: string | null, request: SapiRequest): void {
    const [type, ...params] = (value ?? "").split(";").map((s) => s.trim());
    const version = params.find((p) => p.startsWith("version="))?.slice(8);
    const major = version === undefined ? NaN : Number(version.split(".")[0]);
    if (type !== request.accept || !(major === 3)) {
      throw new SapiError(
        `D-Wave at ${this.endpoint} answered the request to ${request.what} with Content-Type ${
          JSON.stringify(value)
        } instead of ${request.accept} version 3; check that the endpoint is a D-Wave SAPI URL.`,
        200,
      );
    }
  }

  /** GET solvers/remote/: every solver the token may use. */
  async listSolvers(signal?: AbortSignal): Promise<unknown[]> {
    const { body } = await this.request({
      method: "GET",
      path: "solvers/remote/",
      what: "list solvers",
      accept: MEDIA.solverList,
      signal,
    });
    return body as unknown[];
  }

  /** GET solvers/remote/<name>. */
  async getSolver(name: string, signal?: AbortSignal): Promise<unknown> {
    const { body } = await this.request({
      method: "GET",
      path: `solvers/remote/${encodeURIComponent(name)}`,
      what: `read solver "${name}"`,
      accept: MEDIA.solver,
      signal,
    });
    return body;
  }

  /**
   * POST problems/ with an array of jobs; one status or item error per job. Retried only on a
   * 429 or 503; a response lost after sending is a ResponseLostError (see findProblemByLabel).
   */
  async submitProblems(jobs: unknown[], signal?: AbortSignal): Promise<unknown[]> {
    const { body } = await this.request({
      method: "POST",
      path: "problems/",
      what: "submit a problem",
      accept: MEDIA.problems,
      json: jobs,
      compress: this.#options.compress ?? true,
      retry: "create",
      signal,
    });
    if (!Array.isArray(body)) {
      throw new SapiError(
        "D-Wave answered a submission with a non-array body; check the endpoint.",
        200,
      );
    }
    return body;
  }

  /** GET problems/?label=...: the problems whose label is exactly `label` (SAPI matches substrings). */
  async findProblemsByLabel(
    label: string,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>[]> {
    const { body } = await this.request({
      method: "GET",
      path: `problems/?label=${encodeURIComponent(label)}`,
      what: "look up a submitted problem by its label",
      accept: MEDIA.problems,
      signal,
    });
    if (!Array.isArray(body)) return [];
    return (body as Record<string, unknown>[]).filter((p) => p && p.label === label);
  }

  /**
   * GET problems/?id=...&timeout=t: statuses (no answers), held up to `wait` seconds; retried
   * through an outage until `until` (clock ms; Infinity: as long as it takes).
   */
  async pollProblems(
    ids: string[],
    wait: number,
    signal?: AbortSignal,
    until?: number,
  ): Promise<unknown[]> {
    const { body } = await this.request({
      method: "GET",
      path: `problems/?id=${ids.map(encodeURIComponent).join(",")}&timeout=${wait}`,
      what: "poll problem status",
      accept: MEDIA.problems,
      wait,
      signal,
      retryUntil: until,
    });
    return body as unknown[];
  }

  /** GET problems/<id>/: status with answer when completed (retried until `until`, if given). */
  async getProblem(
    id: string,
    signal?: AbortSignal,
    until?: number,
  ): Promise<Record<string, unknown>> {
    const { body } = await this.request({
      method: "GET",
      path: `problems/${encodeURIComponent(id)}/`,
      what: `fetch problem ${id}`,
      accept: MEDIA.problem,
      signal,
      retryUntil: until,
    });
    return body as Record<string, unknown>;
  }

  /**
   * DELETE problems/ with a list of ids: best effort, retried twice at most, since it runs while
   * a run stops (Ctrl-C) and must not hold it through an outage.
   */
  async cancelProblems(ids: string[]): Promise<unknown[]> {
    const { body } = await this.request({
      method: "DELETE",
      path: "problems/",
      what: "cancel problems",
      accept: MEDIA.problems,
      bytes: new TextEncoder().encode(JSON.stringify(ids)),
      maxRetries: Math.min(2, this.#options.maxRetries ?? 10),
    });
    return body as unknown[];
  }
}
