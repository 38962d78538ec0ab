/**
 * Validation helpers for sampler parameters. Parameters arrive from YAML pipelines as plain
 * values, so every check names the sampler, the parameter, the allowed range and the value it
 * got, in one sentence (a UserError the CLI prints without a stack trace).
 */
import { UserError } from "../lib/errors.ts";
import type { Qubo } from "../lib/qubo.ts";
import type { StructuredQubo } from "../lib/structured_qubo.ts";

/** Parameters as they arrive: a plain record (from YAML, JSON or TypeScript callers). */
export type RawParams = Readonly<Record<string, unknown>>;

/** Short, readable rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  }
  if (Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length <= 60 ? text : `an array of length ${value.length}`;
  }
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length <= 60 ? text : typeof value;
  } catch {
    return typeof value;
  }
}

/** The UserError for a parameter outside its allowed values. */
export function paramError(
  sampler: string,
  name: string,
  expectation: string,
  value: unknown,
): UserError {
  return new UserError(
    `Sampler "${sampler}": parameter "${name}" must be ${expectation}, got ${
      describeValue(value)
    }.`,
    { code: "config" },
  );
}

/** Throws a UserError naming the first parameter the sampler does not know (catches typos). */
export function checkKnownParams(
  sampler: string,
  params: RawParams,
  known: readonly string[],
): void {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new UserError(
      `Sampler "${sampler}": parameters must be an object of name: value pairs, got ${
        describeValue(params)
      }.`,
      { code: "config" },
    );
  }
  for (const key of Object.keys(params)) {
    if (params[key] !== undefined && !known.includes(key)) {
      throw new UserError(
        `Sampler "${sampler}" has no parameter "${key}"; known parameters are ${known.join(", ")}.`,
        { code: "config" },
      );
    }
  }
}

/** An integer parameter in [min, max], or `fallback` when absent. */
export function intParam(
  sampler: string,
  params: RawParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number;
/** An integer parameter in [min, max], or undefined when absent. */
export function intParam(
  sampler: string,
  params: RawParams,
  name: string,
  min: number,
  max: number,
): number | undefined;
export function intParam(
  sampler: string,
  params: RawParams,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number | undefined {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw paramError(sampler, name, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** A parameter that must be one of `choices`, or `fallback` when absent. */
export function enumParam<T extends string>(
  sampler: string,
  params: RawParams,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw paramError(sampler, name, `one of ${choices.map((c) => `"${c}"`).join(", ")}`, value);
  }
  return value as T;
}

/** A boolean parameter, or `fallback` when absent. */
export function boolParam(
  sampler: string,
  params: RawParams,
  name: string,
  fallback: boolean,
): boolean {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw paramError(sampler, name, "true or false", value);
  return value;
}

/** A non-empty list of finite numbers (array or Float64Array), or undefined when absent. */
export function numberListParam(
  sampler: string,
  params: RawParams,
  name: string,
  expectation: string,
  ok: (x: number) => boolean,
): Float64Array | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const list = Array.isArray(value) || value instanceof Float64Array ||
      value instanceof Float32Array
    ? Array.from(value as ArrayLike<unknown>)
    : undefined;
  if (
    list === undefined || list.length === 0 ||
    !list.every((x) => typeof x === "number" && Number.isFinite(x) && ok(x))
  ) {
    throw paramError(sampler, name, expectation, value);
  }
  return Float64Array.from(list as number[]);
}

/** A list of 0/1 values (Uint8Array or array), or undefined when absent. */
export function bitsParam(
  sampler: string,
  params: RawParams,
  name: string,
  expectation: string,
): Uint8Array | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const list = value instanceof Uint8Array
    ? value
    : Array.isArray(value) && value.every((x) => x === 0 || x === 1)
    ? Uint8Array.from(value as number[])
    : undefined;
  if (list === undefined || list.length === 0 || !list.every((x) => x === 0 || x === 1)) {
    throw paramError(sampler, name, expectation, value);
  }
  return list;
}

/**
 * Checks that a QUBO can be sampled: a square Float64Array of finite, symmetric entries (the
 * kernels read rows and rely on Q_ij = Q_ji). Throws a UserError naming the first bad entry.
 */
export function checkQubo(sampler: string, qubo: Qubo): void {
  const { n, q } = qubo;
  if (!Number.isInteger(n) || n < 1) {
    throw new UserError(
      `Sampler "${sampler}": the QUBO must have at least one variable, got n = ${
        describeValue(n)
      }.`,
      { code: "config" },
    );
  }
  if (!(q instanceof Float64Array) || q.length !== n * n) {
    throw new UserError(
      `Sampler "${sampler}": the QUBO matrix must be a Float64Array of ${n} x ${n} = ${
        n * n
      } entries, got ${describeValue(q)}; build it with makeQubo.`,
      { code: "config" },
    );
  }
  if (!Number.isFinite(qubo.offset)) {
    throw new UserError(
      `Sampler "${sampler}": the QUBO offset must be a finite number, got ${qubo.offset}.`,
      { code: "config" },
    );
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = q[i * n + j];
      if (!Number.isFinite(a)) {
        throw new UserError(
          `Sampler "${sampler}": QUBO entry Q[${i}][${j}] is ${a}; every entry must be a finite number.`,
          { code: "config" },
        );
      }
      if (a !== q[j * n + i]) {
        throw new UserError(
          `Sampler "${sampler}": the QUBO matrix is not symmetric (Q[${i}][${j}] = ${a} but Q[${j}][${i}] = ${
            q[j * n + i]
          }); store Q_ij = Q_ji, each half of the coupling.`,
          { code: "config" },
        );
      }
    }
  }
}

/**
 * Throws a UserError unless `problem` is a well-formed structured QUBO: Float64Arrays of the
 * right lengths, finite values, a symmetric H and non-negative steps.
 */
export function checkStructuredQubo(sampler: string, problem: StructuredQubo): void {
  const { width, bits, n } = problem;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(bits) || bits < 1) {
    throw new UserError(
      `Sampler "${sampler}": a structured QUBO needs width >= 1 and bits >= 1, got width = ${
        describeValue(width)
      }, bits = ${describeValue(bits)}.`,
      { code: "config" },
    );
  }
  if (n !== width * bits) {
    throw new UserError(
      `Sampler "${sampler}": a structured QUBO has n = width x bits = ${
        width * bits
      } variables, got n = ${describeValue(n)}; build it with makeStructuredQubo.`,
      { code: "config" },
    );
  }
  const arrays = {
    h: width * width,
    gradient: width,
    center: width,
    lower: width,
    step: width,
  } as const;
  for (const [name, length] of Object.entries(arrays)) {
    const values = problem[name as keyof typeof arrays];
    if (!(values instanceof Float64Array) || values.length !== length) {
      throw new UserError(
        `Sampler "${sampler}": structured QUBO field "${name}" must be a Float64Array of ${length} entries, got ${
          describeValue(values)
        }.`,
        { code: "config" },
      );
    }
    for (let i = 0; i < length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new UserError(
          `Sampler "${sampler}": structured QUBO field "${name}"[${i}] is ${
            values[i]
          }; every entry must be a finite number.`,
          { code: "config" },
        );
      }
    }
  }
  for (let j = 0; j < width; j++) {
    if (problem.step[j] < 0) {
      throw new UserError(
        `Sampler "${sampler}": structured QUBO step[${j}] is ${
          problem.step[j]
        }; grid steps must be >= 0.`,
        { code: "config" },
      );
    }
    for (let i = j + 1; i < width; i++) {
      if (problem.h[i * width + j] !== problem.h[j * width + i]) {
        throw new UserError(
          `Sampler "${sampler}": the structured QUBO's H is not symmetric (H[${i}][${j}] != H[${j}][${i}]).`,
          { code: "config" },
        );
      }
    }
  }
}
