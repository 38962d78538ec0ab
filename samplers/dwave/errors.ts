/**
 * Errors of the D-Wave client. Every error a user can meet is a UserError whose message is one
 * sentence naming what failed and what to do; the token is redacted from anything a server says.
 */
import { UserError, type UserErrorCode } from "../../lib/errors.ts";

/** A SAPI request that failed for good (after retries), with its HTTP status (0: network). */
export class SapiError extends UserError {
  /** HTTP status, or 0 when no response came. */
  readonly status: number;
  /** SAPI's own numeric error_code when it sent one (not the UserError `code`). */
  readonly sapiErrorCode?: number;
  constructor(message: string, status: number, sapiErrorCode?: number, options: ErrorOptions = {}) {
    super(message, { ...options, code: sapiFailureCode(status) });
    this.status = status;
    this.sapiErrorCode = sapiErrorCode;
  }
}

/**
 * The kind of a SAPI failure by HTTP status: no response, rate limits and server errors are
 * `network` (try again later); 401/403 are `auth`; any other answer is `remote`.
 */
export function sapiFailureCode(status: number): UserErrorCode {
  if (status === 0 || status === 429 || status >= 500) return "network";
  if (status === 401 || status === 403) return "auth";
  return "remote";
}

/**
 * A request that may have created a problem (or combined an upload) whose answer never arrived:
 * SAPI may or may not hold the result. Callers look it up instead of sending it again.
 */
export class ResponseLostError extends SapiError {}

/** Polling reached its deadline (polling_timeout) while SAPI was unreachable. */
export class PollingDeadlineError extends SapiError {}

/** A problem that ended FAILED or CANCELLED on SAPI. */
export class ProblemEndedError extends SapiError {
  constructor(message: string, readonly problemStatus: "FAILED" | "CANCELLED") {
    super(message, 200);
  }
}

/**
 * Replaces every occurrence of the token and of other secrets (header values) in a text (server
 * messages, URLs, network errors). Values shorter than 4 characters are left: they cannot be
 * told apart from ordinary words.
 */
export function redact(text: string, token: string | undefined, others: string[] = []): string {
  let out = text;
  if (token) out = out.split(token).join("<token>");
  for (const secret of others) {
    if (secret.length >= 4) out = out.split(secret).join("<header value>");
  }
  return out;
}

/** The error an aborted run throws (what fetch throws on abort). */
export function abortError(signal?: AbortSignal): Error {
  const reason = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The D-Wave request was aborted.", "AbortError");
}

/** The message for an HTTP failure, by status (SAPI.md section 4.7). */
export function httpFailureMessage(
  status: number,
  what: string,
  serverMessage: string,
  endpoint: string,
): string {
  const said = serverMessage ? ` (SAPI said: ${serverMessage})` : "";
  switch (status) {
    case 401:
      return `D-Wave rejected the API token while trying to ${what}${said}; set a valid token in DWAVE_API_TOKEN or the "token" key of dwave.conf (Leap dashboard, API Token).`;
    case 403:
      return `D-Wave refused access while trying to ${what}${said}; check that your Leap project has access to this solver and enough quota.`;
    case 404:
      if (/^(fetch problem|poll problem)/.test(what)) {
        return `D-Wave at ${endpoint} no longer knows the problem while trying to ${what}${said}; it was deleted, expired or the server was reset: run again to resubmit it.`;
      }
      return `D-Wave at ${endpoint} found nothing while trying to ${what}${said}; check the solver name (run "dwave solvers") and the endpoint or region.`;
    case 410:
      return `D-Wave no longer keeps the result requested while trying to ${what}${said}; rerun without the stale problem journal.`;
    case 429:
      return `D-Wave kept rate-limiting requests while trying to ${what}${said}; wait a few minutes and run again (finished problems are not resubmitted).`;
    default:
      if (status >= 500) {
        return `D-Wave kept failing with HTTP ${status} while trying to ${what}${said}; try again later (finished problems are not resubmitted).`;
      }
      return `D-Wave refused the request to ${what} with HTTP ${status}${said}; check the sampler parameters.`;
  }
}
