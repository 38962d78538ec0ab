/**
 * Reading a JSON file of a results directory against its zod schema: a missing, unreadable,
 * malformed or foreign file is one UserError (code `results`) naming the file and, for a shape
 * mismatch, the first field that does not fit.
 */
import { z } from "zod";
import { UserError } from "../errors.ts";

/**
 * A number, or null (JSON's spelling of NaN and the infinities), read back as NaN. Writers hold
 * plain numbers; JSON.stringify turns a non-finite one into null.
 */
export const jsonNumber: z.ZodType<number, number | null> = z.number().nullable().transform((
  v,
) => v ?? NaN);

/** `T` with every property and array element readonly, all the way down. */
export type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
  : T;

/**
 * True when A and B are the same type (not merely assignable): each results file's public
 * interface is checked against what its schema parses, so the two cannot drift.
 */
export type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2)
  ? true
  : false;

/** The data a schema reads, frozen: what the writer builds and every reader gets. */
export type ResultOf<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/** Checks `value` (read from `path`) against `schema`; `what` names the file in the message. */
export function parseResultFile<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string,
  what: string,
): ResultOf<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as ResultOf<S>;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "(top level)";
  throw new UserError(
    `${what} "${path}" has an invalid field "${field}" (${issue.message}): ` +
      "it does not match the results format (lib/results/); re-run the pipeline that wrote it.",
    { code: "results" },
  );
}

/** Parses the text of `path` as JSON; malformed text is a UserError naming the file. */
export function parseJsonText(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${what} "${path}" is not valid JSON (${(error as Error).message}): re-run the pipeline.`,
      { code: "results", cause: error },
    );
  }
}

/**
 * Reads `path` and checks it against `schema`. A missing file is `undefined` when `optional`,
 * else a UserError saying to re-run the pipeline.
 */
export async function readResultFile<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
): Promise<ResultOf<S>>;
export async function readResultFile<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
  options: { readonly optional: true },
): Promise<ResultOf<S> | undefined>;
export async function readResultFile<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
  options: { readonly optional?: boolean } = {},
): Promise<ResultOf<S> | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      if (options.optional) return undefined;
      throw new UserError(`${what} "${path}" does not exist: re-run the pipeline to write it.`, {
        code: "results",
        cause: error,
      });
    }
    throw new UserError(`Cannot read ${what} "${path}" (${(error as Error).message}).`, {
      code: "results",
      cause: error,
    });
  }
  return parseResultFile(schema, parseJsonText(text, path, what), path, what);
}
