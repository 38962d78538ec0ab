/**
 * Errors a user can meet (bad YAML, unknown key, missing dataset, bad token, solver limits).
 *
 * The CLI prints `message` alone, never a stack trace, so the message must be one clear
 * sentence naming the file, field or value and what to do about it. Code that must tell one
 * kind of failure from another branches on `code` (or an error class), never on the message,
 * so a message can be reworded freely.
 */

/**
 * What kind of mistake or failure a {@link UserError} reports:
 * - `input`: a command-line argument or value the user gave (the default);
 * - `config`: a pipeline YAML, dwave.conf or executor setting;
 * - `dataset`: a dataset that is missing, unknown or does not match its catalogue entry;
 * - `results`: a results folder or one of its files (summary.json, manifest.json, cells/);
 * - `cache`: a cache folder or entry that cannot be used;
 * - `integrity`: bytes that fail their checksum or layout (a damaged download or entry);
 * - `auth`: a missing or rejected credential (D-Wave token, project access);
 * - `solver`: no solver matches what was asked;
 * - `solver-kind`: the solver named exists but is of the other kind (QPU vs hybrid);
 * - `solver-limit`: a problem exceeds what the solver accepts (size, time, reads);
 * - `network`: a remote service could not be reached or kept failing;
 * - `remote`: a remote service answered, but with a failure (a problem FAILED, HTTP 4xx);
 * - `scheduler`: the batch scheduler (Slurm) refused or failed a job.
 */
export type UserErrorCode =
  | "input"
  | "config"
  | "dataset"
  | "results"
  | "cache"
  | "integrity"
  | "auth"
  | "solver"
  | "solver-kind"
  | "solver-limit"
  | "network"
  | "remote"
  | "scheduler";

/** Every {@link UserErrorCode}, in the order of its documentation. */
export const USER_ERROR_CODES: readonly UserErrorCode[] = [
  "input",
  "config",
  "dataset",
  "results",
  "cache",
  "integrity",
  "auth",
  "solver",
  "solver-kind",
  "solver-limit",
  "network",
  "remote",
  "scheduler",
];

/** How a {@link UserError} is made: its code, the error it wraps, extra lines. */
export interface UserErrorOptions extends ErrorOptions {
  /** The kind of failure (default `input`). */
  readonly code?: UserErrorCode;
  /** Extra lines under the message (for example the places a dataset was looked for). */
  readonly details?: readonly string[];
}

/**
 * An error whose message is meant for the user.
 *
 * @example Branch on the code, keep the cause
 * ```ts
 * import { UserError } from "./errors.ts";
 * const error = new UserError('Dataset "digitz" is not in the catalogue; run "datasets".', {
 *   code: "dataset",
 *   cause: new Error("lookup failed"),
 * });
 * if (error.code !== "dataset" || !(error.cause instanceof Error)) throw new Error("unexpected");
 * ```
 */
export class UserError extends Error {
  /** Optional extra lines (for example the places a dataset was looked for). */
  readonly details: string[];
  /** The kind of failure, for code that must tell failures apart. */
  readonly code: UserErrorCode;

  /**
   * `message` is the one sentence the CLI prints; the second argument is either the extra
   * lines under it or the options (code, cause, details).
   */
  constructor(message: string, options: readonly string[] | UserErrorOptions = {}) {
    const opts: UserErrorOptions = isDetails(options) ? { details: options } : options;
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "UserError";
    this.details = [...(opts.details ?? [])];
    this.code = opts.code ?? "input";
  }
}

function isDetails(options: readonly string[] | UserErrorOptions): options is readonly string[] {
  return Array.isArray(options);
}

/** True when `error` is a {@link UserError} (also across module copies and Workers). */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError ||
    (error instanceof Error && error.name === "UserError");
}

/** True when `error` is a {@link UserError} of the given code. */
export function hasErrorCode(error: unknown, code: UserErrorCode): error is UserError {
  return isUserError(error) && (error as UserError).code === code;
}
