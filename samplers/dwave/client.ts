/**
 * A Solver API (SAPI) client over fetch (SAPI.md sections 1-4): versioned Accept headers,
 * strict Content-Type checks, retries with exponential backoff on 429 (honouring Retry-After),
 * 5xx and network errors, deflate-compressed submissions, cancellation through AbortSignal.
 * The token goes into the X-Auth-Token header and nowhere else.
 */
import { VERSION } from "../../lib/version.ts";
import { abortError, httpFailureMessage, redact, SapiError } from "./errors.ts";

/** Versioned media types (SAPI.md 1.6). */
export const MEDIA = {
  solverList: "application/vnd.dwave.sapi.solver-definition-list+json",
  solver: "application/vnd.dwave.sapi.solver-definition+json",
  problems: "application/vnd.dwave.sapi.problems+json",
  problem: "application/vnd.dwave.sapi.problem+json",
} as const;

/** Options of a SapiClient. */
export interface SapiClientOptions {
  /** SAPI base URL (a trailing slash is added if missing). */
  readonly endpoint: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds per attempt (long polls add their own wait). */
  readonly requestTimeout?: number;
  readonly maxRetries?: number;
  /** First backoff in seconds; doubles per retry, capped at 60 s. */
  readonly retryBackoff?: number;
  /** Compress POST problems/ bodies with deflate (zlib), as D-Wave's client does. */
  readonly compress?: boolean;
  /** Receives one line per retry or warning (never the token). */
  readonly log?: (line: string) => void;
}

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
}

/** SAPI's answer to a request that succeeded. */
export interface SapiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** A transient failure that is worth another attempt. */
class Transient extends Error {
  constructor(readonly status: number, message: string, readonly retryAfter?: number) {
    super(message);
  }
}

/** User-Agent in D-Wave's convention, naming this project first. */
export function userAgent(): string {
  const v = Deno.version;
  return `qubo-cnn/${VERSION} deno/${v.deno} v8/${v.v8} typescript/${v.typescript} machine/${Deno.build.arch} system/${Deno.build.os}`;
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

/** A SAPI client bound to one endpoint and token. */
export class SapiClient {
  /** Base URL, always ending in "/". */
  readonly endpoint: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #options: SapiClientOptions;
  /** Requests made, by outcome (for tests and diagnostics). */
  readonly stats = { requests: 0, retries: 0 };

  constructor(options: SapiClientOptions) {
    this.endpoint = options.endpoint.endsWith("/") ? options.endpoint : `${options.endpoint}/`;
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
    this.#options = options;
  }

  /** Redacts the token from a text. */
  redact(text: string): string {
    return redact(text, this.#token);
  }

  /** Sends a request, retrying transient failures; throws SapiError on a final failure. */
  async request(request: SapiRequest): Promise<SapiResponse> {
    const maxRetries = this.#options.maxRetries ?? 10;
    const backoff = this.#options.retryBackoff ?? 0.5;
    for (let attempt = 0;; attempt++) {
      if (request.signal?.aborted) throw abortError(request.signal);
      try {
        return await this.#attempt(request);
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
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
        const delay = error.retryAfter ?? Math.min(60, backoff * 2 ** attempt);
        this.stats.retries++;
        this.#options.log?.(
          `D-Wave: ${request.what}: ${
            error.status ? `HTTP ${error.status}` : error.message
          }; retry ${attempt + 1}/${maxRetries} in ${delay.toFixed(2)} s`,
        );
        await sleep(delay * 1000, request.signal);
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
      const message = timeout.aborted
        ? "request timed out"
        : this.redact(error instanceof Error ? error.message : String(error));
      throw new Transient(0, message);
    }
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

  /** POST problems/ with an array of jobs; one status or item error per job. */
  async submitProblems(jobs: unknown[], signal?: AbortSignal): Promise<unknown[]> {
    const { body } = await this.request({
      method: "POST",
      path: "problems/",
      what: "submit a problem",
      accept: MEDIA.problems,
      json: jobs,
      compress: this.#options.compress ?? true,
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

  /** GET problems/?id=...&timeout=t: statuses (no answers), held up to `wait` seconds. */
  async pollProblems(ids: string[], wait: number, signal?: AbortSignal): Promise<unknown[]> {
    const { body } = await this.request({
      method: "GET",
      path: `problems/?id=${ids.map(encodeURIComponent).join(",")}&timeout=${wait}`,
      what: "poll problem status",
      accept: MEDIA.problems,
      wait,
      signal,
    });
    return body as unknown[];
  }

  /** GET problems/<id>/: status with answer when completed. */
  async getProblem(id: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { body } = await this.request({
      method: "GET",
      path: `problems/${encodeURIComponent(id)}/`,
      what: `fetch problem ${id}`,
      accept: MEDIA.problem,
      signal,
    });
    return body as Record<string, unknown>;
  }

  /** DELETE problems/ with a list of ids (never retried past its own attempts; best effort). */
  async cancelProblems(ids: string[]): Promise<unknown[]> {
    const { body } = await this.request({
      method: "DELETE",
      path: "problems/",
      what: "cancel problems",
      accept: MEDIA.problems,
      bytes: new TextEncoder().encode(JSON.stringify(ids)),
    });
    return body as unknown[];
  }
}
