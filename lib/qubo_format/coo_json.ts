/**
 * The JSON COO QUBO format, for tools that read JSON (dimod's BinaryQuadraticModel.from_qubo
 * takes the same terms):
 *
 *   {
 *     "format": "qubo-coo",
 *     "version": 1,
 *     "n": 3,                          number of binary variables, 0..n-1
 *     "offset": 0.5,                   constant energy term
 *     "linear": [[0, 1.5], [2, -1]],   [i, value]: value * b_i, each i at most once
 *     "quadratic": [[0, 1, -2]]        [i, j, value] with i < j: value * b_i * b_j, each pair once
 *   }
 *
 * E(b) = offset + sum linear + sum quadratic: the upper-triangular convention, so a
 * quadratic value is 2 * Q[i][j] of our symmetric matrix. Zero terms are left out. Every key
 * appears once (a repeated "n" is an error, not the last one winning). Numbers are JSON numbers
 * in their shortest exact form, so a write-read round trip is exact.
 */
import { UserError } from "../errors.ts";
import type { Qubo } from "../qubo.ts";
import { formatNumber, MAX_FILE_N } from "./numbers.ts";

/** The "format" field of a JSON COO QUBO file. */
export const COO_FORMAT = "qubo-coo";
/** The version this code writes and reads. */
export const COO_VERSION = 1;

/** Dense bytes a file may declare beyond its last named variable (n up to 2,896). */
const UNBACKED_BYTES = 64 * 2 ** 20;

/** Writes a QUBO as JSON COO text, one term per line. */
export function writeCooJson(qubo: Qubo): string {
  const { n, q } = qubo;
  const linear: string[] = [];
  const quadratic: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = i * n;
    // The last variable of a large QUBO is always written, so the reader sees n backed.
    const backs = i === n - 1 && 8 * n * n > UNBACKED_BYTES;
    if (q[row + i] !== 0 || backs) linear.push(`    [${i}, ${formatNumber(q[row + i])}]`);
    for (let j = i + 1; j < n; j++) {
      if (q[row + j] !== 0) quadratic.push(`    [${i}, ${j}, ${formatNumber(2 * q[row + j])}]`);
    }
  }
  const list = (items: string[]) => (items.length ? `[\n${items.join(",\n")}\n  ]` : "[]");
  return [
    "{",
    `  "format": "${COO_FORMAT}",`,
    `  "version": ${COO_VERSION},`,
    `  "n": ${n},`,
    `  "offset": ${formatNumber(qubo.offset)},`,
    `  "linear": ${list(linear)},`,
    `  "quadratic": ${list(quadratic)}`,
    "}",
    "",
  ].join("\n");
}

/**
 * Reads JSON COO text into a dense symmetric QUBO.
 * @param file the file name used in error messages
 * @throws UserError "FILE: field: what is wrong: what to do"
 */
export function readCooJson(text: string, file: string): Qubo {
  const fail: (message: string) => never = (message) => {
    throw new UserError(`${file}: ${message}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON (${error instanceof Error ? error.message : error}): fix the syntax.`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    fail(`expected a JSON object with "format": "${COO_FORMAT}".`);
  }
  const doc = data as Record<string, unknown>;
  const repeated = repeatedTopLevelKey(text);
  if (repeated !== undefined) {
    fail(`the key "${repeated}" is given twice: give each field once.`);
  }
  if (doc.format !== COO_FORMAT) {
    fail(`"format" is ${JSON.stringify(doc.format)}, expected "${COO_FORMAT}".`);
  }
  if (doc.version !== COO_VERSION) {
    fail(`"version" is ${JSON.stringify(doc.version)}; this build reads version ${COO_VERSION}.`);
  }
  const n = doc.n;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    fail(`"n" is ${JSON.stringify(n)}: give the number of variables, a non-negative integer.`);
  }
  const size = n as number;
  if (size > MAX_FILE_N) {
    fail(`"n" is ${size}, more than the ${MAX_FILE_N} variables a dense QUBO here can hold.`);
  }
  const offset = doc.offset ?? 0;
  if (typeof offset !== "number" || !Number.isFinite(offset)) {
    fail(`"offset" is ${JSON.stringify(doc.offset)}: give a finite number (or leave it out).`);
  }
  const known = new Set(["format", "version", "n", "offset", "linear", "quadratic"]);
  for (const name of Object.keys(doc)) {
    if (!known.has(name)) {
      fail(`unknown field "${name}": the fields are ${[...known].join(", ")}.`);
    }
  }
  const index = (value: unknown, where: string): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= size) {
      fail(`${where} is ${JSON.stringify(value)}: variables are integers 0 to ${size - 1}.`);
    }
    return value as number;
  };
  const coefficient = (value: unknown, where: string): number => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      fail(`${where} is ${JSON.stringify(value)}: give a finite number.`);
    }
    return value as number;
  };
  const terms = (name: string, width: number): unknown[][] => {
    const list = doc[name] ?? [];
    if (!Array.isArray(list)) {
      fail(`"${name}" must be an array of [${width === 2 ? "i, v" : "i, j, v"}] terms.`);
    }
    (list as unknown[]).forEach((term, t) => {
      if (!Array.isArray(term) || term.length !== width) {
        fail(
          `${name}[${t}] is ${JSON.stringify(term)}: write each term as ` +
            `[${width === 2 ? "i, value" : "i, j, value"}].`,
        );
      }
    });
    return list as unknown[][];
  };
  // Collected first, the dense matrix allocated only once every term is valid.
  const collected: { a: number; b: number; value: number }[] = [];
  const seenLinear = new Uint8Array(size);
  terms("linear", 2).forEach(([i, v], t) => {
    const a = index(i, `linear[${t}][0]`);
    if (seenLinear[a]) fail(`linear[${t}] repeats variable ${a}: give each variable once.`);
    seenLinear[a] = 1;
    collected.push({ a, b: a, value: coefficient(v, `linear[${t}][1]`) });
  });
  const seenPair = new Set<number>();
  terms("quadratic", 3).forEach(([i, j, v], t) => {
    const a = index(i, `quadratic[${t}][0]`);
    const b = index(j, `quadratic[${t}][1]`);
    if (a >= b) {
      fail(
        `quadratic[${t}] is ${JSON.stringify([i, j, v])}: write each pair once with i < j ` +
          `(a term on one variable belongs in "linear").`,
      );
    }
    if (seenPair.has(a * size + b)) {
      fail(`quadratic[${t}] repeats the pair ${a}, ${b}: give each pair once.`);
    }
    seenPair.add(a * size + b);
    collected.push({ a, b, value: coefficient(v, `quadratic[${t}][2]`) / 2 });
  });
  // A large n must be backed by the terms: {"n": 16384} alone would cost 2 GiB. Small ones
  // may leave trailing variables out (zero terms are not written).
  const highest = collected.reduce((top, { b }) => Math.max(top, b), -1);
  if (size > highest + 1 && 8 * size * size > UNBACKED_BYTES) {
    fail(
      `"n" is ${size} but no term names a variable above ${highest}, so the file holds far less than it declares: set "n" to ${
        highest + 1
      }, or give variable ${size - 1} a linear term (0 if it has none).`,
    );
  }
  const q = new Float64Array(size * size);
  for (const { a, b, value } of collected) {
    q[a * size + b] = value;
    q[b * size + a] = value;
  }
  return { n: size, q, offset: offset as number };
}

/**
 * The first key that appears twice in the top-level object of JSON `text` (JSON.parse keeps
 * the last silently), or undefined. `text` is already known to parse.
 */
function repeatedTopLevelKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let at = 0; at < text.length; at++) {
    const c = text[at];
    if (c === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
        expectKey = false;
      }
      at = end;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = depth === 1 && c === "{";
    } else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 1) expectKey = true;
  }
  return undefined;
}
