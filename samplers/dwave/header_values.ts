/**
 * Checks of what goes into request headers (the token and DWAVE_API_HEADERS), before any request:
 * fetch refuses a value with a newline by quoting it in its error, which would print the token.
 * Messages here name the header and the position of the bad character, never the value.
 */
import { UserError } from "../../lib/errors.ts";

/** RFC 9110 token characters (header names). */
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function describe(char: string): string {
  const code = char.charCodeAt(0);
  if (char === "\n") return "a newline";
  if (char === "\r") return "a carriage return";
  if (char === " ") return "a space";
  if (char === "\t") return "a tab";
  return `character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The SAPI token: visible ASCII only (Leap tokens are like "DEV-0123abcd..."). */
export function checkToken(token: string, source: string): void {
  const bad = [...token].findIndex((c) => c < "\x21" || c > "\x7e");
  if (bad >= 0) {
    throw new UserError(
      `The D-Wave API token (${source}) contains ${describe([...token][bad])} at position ${
        bad + 1
      } of ${token.length}, which no HTTP header may hold; copy the token again from the Leap dashboard (API Token), without quotes or line breaks.`,
      { code: "config" },
    );
  }
}

/** Extra headers: names are RFC 9110 tokens, values hold no control characters. */
export function checkHeaders(headers: Readonly<Record<string, string>>, source: string): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!NAME.test(name)) {
      throw new UserError(
        `D-Wave option "headers" (${source}) has a header name with characters HTTP does not allow; use names like "X-Custom-Header".`,
        { code: "config" },
      );
    }
    const bad = [...value].findIndex((c) => (c < "\x20" && c !== "\t") || c === "\x7f");
    if (bad >= 0) {
      throw new UserError(
        `D-Wave option "headers" (${source}): the value of header "${name}" contains ${
          describe([...value][bad])
        } at position ${bad + 1}; put each header on its own "Name: value" line.`,
        { code: "config" },
      );
    }
  }
}
