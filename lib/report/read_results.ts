/**
 * Reads a results directory (lib/results/: summary.ts, manifest.ts, cell_record.ts) for the
 * report, checking every file against its schema so a damaged or foreign file gives one clear
 * sentence naming the file and field instead of a stack trace. JSON has no NaN: a null where a
 * number belongs is read back as NaN.
 */
import { UserError } from "../errors.ts";
import { type CellRecord, cellRecordSchema, cellSlug } from "../results/cell_record.ts";
import { readResultFile } from "../results/json_file.ts";
import { type RunManifest, runManifestSchema } from "../results/manifest.ts";
import { type RunSummary, runSummarySchema } from "../results/summary.ts";

/** Everything the report draws, as read from disk. */
export interface LoadedResults {
  readonly dir: string;
  readonly summary: RunSummary;
  /** manifest.json, when present. */
  readonly manifest?: RunManifest;
  /** Cell records by cell id (cells whose file is missing are absent). */
  readonly records: ReadonlyMap<string, CellRecord>;
  /** Cell ids listed in summary.json without a cells/<slug>.json file. */
  readonly missingRecords: readonly string[];
  /** When the run was made: summary/manifest createdAt, else summary.json's modification time. */
  readonly date?: Date;
}

/** A run's summary.json and manifest.json, without its cell records (`runs`, `compare`). */
export interface RunFiles {
  readonly dir: string;
  readonly summary: RunSummary;
  /** manifest.json, when present (a run still writing, or an older one, may have none). */
  readonly manifest?: RunManifest;
  readonly date?: Date;
}

/** Reads summary.json and manifest.json (if present) of a results directory, both checked. */
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
  const summary = await readResultFile(summaryPath, runSummarySchema, "Run summary");
  const manifest = await readResultFile(`${dir}/manifest.json`, runManifestSchema, "Manifest", {
    optional: true,
  });
  return { dir, summary, manifest, date: await runDate(dir, summary, manifest) };
}

/** Reads summary.json, manifest.json and every cells/<slug>.json of a results directory. */
export async function readResults(dir: string): Promise<LoadedResults> {
  const { summary, manifest, date } = await readRunFiles(dir);
  const records = new Map<string, CellRecord>();
  const missingRecords: string[] = [];
  for (const cell of summary.cells) {
    const path = `${dir}/cells/${cellSlug(cell.id)}.json`;
    const record = await readResultFile(path, cellRecordSchema, "Cell record", { optional: true });
    if (record) records.set(cell.id, record);
    else missingRecords.push(cell.id);
  }
  return { dir, summary, manifest, records, missingRecords, date };
}

async function runDate(
  dir: string,
  summary: RunSummary,
  manifest?: RunManifest,
): Promise<Date | undefined> {
  for (const createdAt of [summary.createdAt, manifest?.createdAt]) {
    if (createdAt !== undefined && !Number.isNaN(Date.parse(createdAt))) {
      return new Date(createdAt);
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
