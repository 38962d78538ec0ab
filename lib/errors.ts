/**
 * Errors a user can meet (bad YAML, unknown key, missing dataset, bad token, solver limits).
 *
 * The CLI prints `message` alone, never a stack trace, so the message must be one clear
 * sentence naming the file, field or value and what to do about it.
 */
export class UserError extends Error {
  /** Optional extra lines (for example the places a dataset was looked for). */
  readonly details: string[];

  /** `message` is the one sentence the CLI prints; `details` are extra lines under it. */
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = "UserError";
    this.details = details;
  }
}

/** True when `error` is a {@link UserError} (also across module copies and Workers). */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError ||
    (error instanceof Error && error.name === "UserError");
}
