/** Test helper (not a test): the UserError a call throws. */
import assert from "node:assert/strict";
import { isUserError, type UserError } from "../../lib/errors.ts";

/** Runs `fn`, asserts it throws a UserError, and returns it. */
export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    assert.ok(isUserError(error), `expected a UserError, got ${error}`);
    return error;
  }
  assert.fail("expected a UserError, nothing was thrown");
}

/** The message of the UserError `fn` throws. */
export function messageOf(fn: () => unknown): string {
  return userErrorOf(fn).message;
}
