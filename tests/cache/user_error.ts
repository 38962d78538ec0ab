/** Validators for node:assert throws/rejects: a UserError with an exact message or prefix. */
import { isUserError } from "../../lib/errors.ts";

/** Accepts a UserError whose message is exactly `message`. */
export function userError(message: string): (error: unknown) => boolean {
  return (error) => {
    if (isUserError(error) && error.message === message) return true;
    throw new Error(`expected UserError "${message}", got ${describe(error)}`);
  };
}

/** Accepts a UserError whose message starts with `prefix`. */
export function userErrorStarting(prefix: string): (error: unknown) => boolean {
  return (error) => {
    if (isUserError(error) && error.message.startsWith(prefix)) return true;
    throw new Error(`expected UserError starting "${prefix}", got ${describe(error)}`);
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name} "${error.message}"` : String(error);
}
