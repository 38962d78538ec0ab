/**
 * Reads a results directory (lib/results/types.ts) for the report, checking shapes with zod
 * so a damaged or foreign file gives one clear sentence instead of a stack trace.
 * JSON has no NaN: a null where a number belongs is read back as NaN.
 */
import { z } from "zod";
import { UserError } from "../errors.ts";
import { type CellRecord, cellSlug, type CellSummary, type RunSummary } from "../results/types.ts";

/** Everything the report draws, as read from disk. */
export interface LoadedResults {
  readonly dir: string;
  readonly summary: RunSummary;
  /** manifest.json, when present and valid JSON. */
  readonly manifest?: Record<string, unknown>;
  /** Cell records by cell id (cells whose file is missing are absent). */
  readonly records: ReadonlyMap<string, CellRecord>;
  /** Cell ids listed in summary.json without a cells/<slug>.json file. */
  readonly missingRecords: readonly string[];
  /** When the run was made: summary/manifest createdAt, else summary.json's modification time. */
  readonly date?: Date;
}

/** A number, or null (JSON's spelling of NaN/Infinity), read as NaN. */
const num = z.number().nullable().transform((v) => v ?? NaN);

const cellSummarySchema = z.looseObject({
  id: z.string(),
  dataset: z.string(),
  seed: z.number(),
  bits: z.number().int().positive(),
  sampler: z.string(),
  variables: num,
  couplers: num,
  policy: z.string(),
  trainAccuracy: num,
  testAccuracy: num,
  solveQuality: num,
  seconds: num,
});

const summarySchema = z.looseObject({
  pipeline: z.string(),
  cells: z.array(cellSummarySchema),
  baselines: z.array(z.looseObject({
    dataset: z.string(),
    seed: z.number(),
    method: z.enum(["sgd", "exact"]),
    trainAccuracy: num,
    testAccuracy: num,
  })),
  cache: z.record(z.string(), z.object({ hits: z.number(), misses: z.number() })).optional(),
});

const iterationSchema = z.looseObject({
  iteration: z.number(),
  crossEntropy: num,
  trainAccuracy: num,
  testAccuracy: num,
  surrogate: num,
  surrogateContinuous: num,
  solveQuality: num,
  accepted: num,
  seconds: num,
});

const cellRecordSchema = z.looseObject({
  summary: cellSummarySchema,
  classNames: z.array(z.string()),
  featureGrid: z.object({
    filters: z.number().int().positive(),
    height: z.number().int().positive(),
    width: z.number().int().positive(),
  }),
  iterations: z.array(iterationSchema),
  confusion: z.array(z.array(num)),
  weights: z.array(z.array(num)),
  stageSeconds: z.record(z.string(), num),
  anneal: z.looseObject({
    iteration: z.number(),
    sampler: z.string(),
    betaRange: z.tuple([num, num]).optional(),
    betaSchedule: z.array(num).optional(),
    classes: z.array(z.looseObject({
      classIndex: z.number().int().nonnegative(),
      energies: z.array(num),
      stayEnergy: num,
      continuousEnergy: num,
    })),
  }).optional(),
  quboSample: z.looseObject({
    file: z.string(),
    n: z.number().int().positive(),
    bits: z.number().int().positive(),
    classIndex: z.number().int().nonnegative(),
    iteration: z.number(),
  }).optional(),
});

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(`${what} "${path}" does not exist: re-run the pipeline to write it.`, {
        code: "results",
      });
    }
    throw new UserError(`Cannot read ${what} "${path}" (${(error as Error).message}).`, {
      code: "results",
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${what} "${path}" is not valid JSON (${(error as Error).message}): re-run the pipeline.`,
      { code: "results" },
    );
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "(top level)";
  throw new UserError(
    `${what} "${path}" has an invalid field "${field}" (${issue.message}): ` +
      "it does not match lib/results/types.ts; re-run the pipeline that wrote it.",
    { code: "results" },
  );
}

/** A run's summary.json and manifest.json, without its cell records (`runs`, `compare`). */
export interface RunFiles {
  readonly dir: string;
  readonly summary: RunSummary;
  readonly manifest?: Record<string, unknown>;
  readonly date?: Date;
}

/** Reads summary.json (checked) and manifest.json (if valid JSON) of a results directory. */
export async function readRunFiles(dir: string): Promise<RunFiles> {
  const summaryPath = `${dir}/summary.json`;
  try {
    await Deno.stat(summaryPath);
  } catch {
    throw new UserError(
      `No summary.json in "${dir}": pass the results directory of a run ` +
        "(the folder holding summary.json, manifest.json and cells/).",
      { code: "results" },
    );
  }
  const summary = parse(
    summarySchema,
    await readJson(summaryPath, "Run summary"),
    summaryPath,
    "Run summary",
  ) as unknown as RunSummary;
  let manifest: Record<string, unknown> | undefined;
  try {
    const raw = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    if (raw && typeof raw === "object" && !Array.isArray(raw)) manifest = raw;
  } catch {
    manifest = undefined; // the manifest only adds the date, hash and labels; readers do without
  }
  return { dir, summary, manifest, date: await runDate(dir, summary, manifest) };
}

/** Reads summary.json, manifest.json and every cells/<slug>.json of a results directory. */
export async function readResults(dir: string): Promise<LoadedResults> {
  const { summary, manifest, date } = await readRunFiles(dir);
  const records = new Map<string, CellRecord>();
  const missingRecords: string[] = [];
  for (const cell of summary.cells as readonly CellSummary[]) {
    const path = `${dir}/cells/${cellSlug(cell.id)}.json`;
    let raw: unknown;
    try {
      raw = JSON.parse(await Deno.readTextFile(path));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        missingRecords.push(cell.id);
        continue;
      }
      throw new UserError(
        `Cell record "${path}" is not valid JSON (${
          (error as Error).message
        }): re-run the pipeline.`,
        { code: "results" },
      );
    }
    records.set(
      cell.id,
      parse(cellRecordSchema, raw, path, "Cell record") as unknown as CellRecord,
    );
  }
  return {
    dir,
    summary,
    manifest,
    records,
    missingRecords,
    date,
  };
}

async function runDate(
  dir: string,
  summary: RunSummary,
  manifest?: Record<string, unknown>,
): Promise<Date | undefined> {
  for (const source of [summary, manifest ?? {}]) {
    for (const key of ["createdAt", "date", "startedAt", "finishedAt"]) {
      const value = (source as Record<string, unknown>)[key];
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
    }
  }
  return (await Deno.stat(`${dir}/summary.json`)).mtime ?? undefined;
}

/**
 * Reads the QUBO matrix a cell kept for the heat map (raw little-endian Float64, n x n).
 * `file` is taken relative to the results directory, else to its cells/ folder.
 */
export async function readQuboSample(
  dir: string,
  sample: NonNullable<CellRecord["quboSample"]>,
): Promise<Float64Array> {
  const candidates = [`${dir}/${sample.file}`, `${dir}/cells/${sample.file}`];
  for (const path of candidates) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch {
      continue;
    }
    const expected = sample.n * sample.n * 8;
    if (bytes.length !== expected) {
      throw new UserError(
        `QUBO file "${path}" has ${bytes.length} bytes, expected ${expected} ` +
          `(n = ${sample.n}, Float64): re-run the pipeline to rewrite it.`,
        { code: "results" },
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const q = new Float64Array(sample.n * sample.n);
    for (let i = 0; i < q.length; i++) q[i] = view.getFloat64(i * 8, true);
    return q;
  }
  throw new UserError(
    `QUBO file "${candidates[0]}" named by a cell's quboSample does not exist: ` +
      "re-run the pipeline or drop quboSample from the cell record.",
    { code: "results" },
  );
}
