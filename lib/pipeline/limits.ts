/**
 * Bounded work, refused up front: before `plan` or `run` does anything, a pipeline whose grid
 * is past the cell limit, a cell whose features come out empty (d = 0), or a cell whose QUBO
 * and features would need more memory than the machine has, is a UserError with the numbers.
 * Everything here is computed from the pipeline and the catalogue (image sizes and counts),
 * without reading a dataset file.
 */
import { findCatalogueEntry } from "../datasets/catalogue.ts";
import { UserError } from "../errors.ts";
import { formatBytes } from "../format_bytes.ts";
import { featureGrid } from "../features/config.ts";
import { ARRAY_VALUED_SAMPLER_PARAMS } from "./grid.ts";
import type { PipelineFile } from "./schema.ts";
import type { CellConfig, Pipeline } from "./types.ts";

/** Environment variable raising (or lowering) the cell limit. */
export const MAX_CELLS_ENV = "QUBO_CNN_MAX_CELLS";
/** Default cell limit: far above every committed pipeline (12 cells), far below a runaway grid. */
export const DEFAULT_MAX_CELLS = 10_000;

const count = (n: number) => n.toLocaleString("en-US");

/** The cell limit in force: QUBO_CNN_MAX_CELLS (a positive integer) or the default. */
export function maxCells(value: string | undefined = readEnv(MAX_CELLS_ENV)): number {
  if (value === undefined || value === "") return DEFAULT_MAX_CELLS;
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UserError(
      `${MAX_CELLS_ENV} is "${value}", not a positive whole number of cells; set it to a number such as 50000 or unset it (default ${
        count(DEFAULT_MAX_CELLS)
      }).`,
      { code: "config" },
    );
  }
  return limit;
}

function readEnv(key: string): string | undefined {
  try {
    return Deno.env.get(key);
  } catch {
    return undefined; // without --allow-env the default applies
  }
}

/** Number of alternatives a raw field value stands for (1 unless it is a list to sweep). */
function alternatives(key: string, value: unknown, isSamplerParam: boolean): number {
  if (!Array.isArray(value)) return 1;
  if (isSamplerParam && ARRAY_VALUED_SAMPLER_PARAMS.includes(key)) {
    return value.length > 0 && value.every(Array.isArray) ? value.length : 1;
  }
  return Math.max(1, value.length);
}

/** Cells a section expands to on its own (a map, or a list of maps each expanded). */
function sectionBound(section: unknown, isSampler: boolean): number {
  if (Array.isArray(section)) {
    return section.reduce((sum: number, map) => sum + sectionBound(map, isSampler), 0) || 1;
  }
  if (section === null || typeof section !== "object") return 1;
  let product = 1;
  for (const [key, value] of Object.entries(section)) {
    if (isSampler && key === "params" && value && typeof value === "object") {
      for (const [param, v] of Object.entries(value)) product *= alternatives(param, v, true);
    } else product *= alternatives(key, value, false);
  }
  return product;
}

/**
 * An upper bound of the number of cells a validated pipeline file expands to, computed without
 * expanding it (the expansion of a runaway grid is itself the unbounded work): the product of
 * every swept field's length, a zip group counting once. Deduplication can only lower it.
 */
export function gridUpperBound(file: PipelineFile): number {
  const zipped = new Set<string>();
  let zipProduct = 1;
  for (const group of file.zip ?? []) {
    const lists = Object.entries(group);
    for (const [path] of lists) zipped.add(path);
    zipProduct *= Math.max(1, ...lists.map(([, list]) => Array.isArray(list) ? list.length : 1));
  }
  // A zipped path's list is counted by its group, not as a sweep of its own.
  const strip = (section: unknown, prefix: string): unknown => {
    if (section === null || typeof section !== "object" || Array.isArray(section)) return section;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section)) {
      if (prefix === "sampler" && key === "params") out[key] = strip(value, "sampler.params");
      else if (!zipped.has(`${prefix}.${key}`)) out[key] = value;
    }
    return out;
  };
  const raw = file as Record<string, unknown>;
  return sectionBound(strip(raw.dataset, "dataset"), false) *
    sectionBound(strip(raw.features, "features"), false) *
    sectionBound(strip(raw.training, "training"), false) *
    sectionBound(strip(raw.sampler, "sampler"), true) * zipProduct;
}

/** Refuses a grid of `cells` (or up to `cells`) past `limit`, naming the file and the fix. */
export function checkCellCount(
  file: string,
  cells: number,
  options: { readonly upTo?: boolean; readonly limit?: number } = {},
): void {
  const limit = options.limit ?? maxCells();
  if (cells <= limit) return;
  throw new UserError(
    `${file} expands to ${options.upTo ? "up to " : ""}${
      cells >= 1e15 ? cells.toExponential(1) : count(cells)
    } cells, more than the limit of ${
      count(limit)
    }; sweep fewer values, or raise the limit with ${MAX_CELLS_ENV}=${
      cells >= 1e15 ? "<cells>" : cells
    } if you mean it.`,
    { code: "config" },
  );
}

/** Size of one cell's problem and the memory it needs at its peak. */
export interface CellEstimate {
  /** Features per image d (filters x pooled height x pooled width). */
  readonly d: number;
  /** Binary variables per class QUBO, (d + 1) K. */
  readonly n: number;
  /** Couplers of a dense class QUBO, n (n - 1) / 2. */
  readonly couplers: number;
  /** Images the cell's features are computed for (train + test, after subsampling). */
  readonly images: number;
  /** Peak memory estimate in bytes (see {@link estimateCell}). */
  readonly bytes: number;
}

/** Images of the cell's dataset (train + test), capped by per-class subsampling. */
function imageCount(cell: CellConfig): { height: number; width: number; images: number } {
  const entry = findCatalogueEntry(cell.dataset.name);
  if (!entry) return { height: 0, width: 0, images: 0 }; // the loader names the unknown dataset
  const variant = entry.variants?.find((v) => v.name === (cell.dataset.split ?? "")) ??
    entry.variants?.[0];
  const total = variant?.images ?? entry.images.count;
  const classes = variant?.classes ?? entry.classNames?.length ?? 1;
  const perClass = (cell.dataset.trainPerClass ?? Infinity) +
    (cell.dataset.testPerClass ?? Infinity);
  return {
    height: entry.images.height,
    width: entry.images.width,
    images: Math.min(total, perClass * classes),
  };
}

/**
 * Size and peak memory of one cell, with `solvers` class QUBOs held at once (one per solve
 * worker) beside the trainer's: each dense QUBO is n x n float64 (8 n^2 bytes); the design
 * matrices, raw features and Gram matrix add 8 (2 images (d + 1) + (d + 1)^2) bytes.
 */
export function estimateCell(cell: CellConfig, solvers = 1): CellEstimate {
  const { height, width, images } = imageCount(cell);
  const grid = featureGrid(cell.features, height, width);
  const d = grid.height > 0 && grid.width > 0 ? grid.filters * grid.height * grid.width : 0;
  const n = (d + 1) * cell.training.bits;
  const qubo = 8 * n * n * (1 + solvers);
  const features = 8 * (2 * images * (d + 1) + (d + 1) ** 2);
  return { d, n, couplers: (n * (n - 1)) / 2, images, bytes: qubo + features };
}

/** Total memory of this machine in bytes, or undefined when it cannot be read. */
export function machineMemory(): number | undefined {
  try {
    return Deno.systemMemoryInfo().total;
  } catch {
    return undefined;
  }
}

/** Options of {@link checkPipelineLimits}. */
export interface LimitOptions {
  /** Solve workers (class QUBOs held at once); default 1. */
  readonly jobs?: number;
  /** Memory to compare with; default this machine's total. */
  readonly memoryBytes?: number;
}

/** Why the features of `cell` are empty, in words. */
function emptyFeatures(cell: CellConfig): string {
  const { height, width } = imageCount(cell);
  const f = cell.features;
  const convHeight = Math.floor((height - f.kernel) / f.stride) + 1;
  const convWidth = Math.floor((width - f.kernel) / f.stride) + 1;
  if (convHeight <= 0 || convWidth <= 0) {
    return `kernel ${f.kernel} does not fit the ${height}x${width} images of ${cell.dataset.name}; use a kernel of at most ${
      Math.min(height, width)
    }`;
  }
  return `the ${convHeight}x${convWidth} convolution map is smaller than the pooling window ${f.pool}; use pool at most ${
    Math.min(convHeight, convWidth)
  }, a smaller kernel or stride, or pooling: none`;
}

/**
 * Refuses, before any work, the first cell whose features are empty or whose estimated peak
 * memory exceeds the machine's, with d, n, couplers and the estimate in the message.
 */
export function checkPipelineLimits(pipeline: Pipeline, options: LimitOptions = {}): void {
  checkCellCount(pipeline.file, pipeline.cells.length);
  const memory = options.memoryBytes ?? machineMemory();
  const solvers = Math.max(1, options.jobs ?? 1);
  for (const cell of pipeline.cells) {
    const estimate = estimateCell(cell, solvers);
    if (estimate.d === 0) {
      throw new UserError(
        `${pipeline.file}: cell ${cell.id} has no features (d = 0): ${emptyFeatures(cell)}.`,
        { code: "config" },
      );
    }
    if (memory !== undefined && estimate.bytes > memory) {
      throw new UserError(
        `${pipeline.file}: cell ${cell.id} needs about ${
          formatBytes(estimate.bytes)
        } of memory (d = ${count(estimate.d)}, class QUBO n = ${count(estimate.n)} with ${
          estimate.couplers >= 1e15 ? estimate.couplers.toExponential(1) : count(estimate.couplers)
        } couplers, ${count(estimate.images)} images), more than this machine's ${
          formatBytes(memory)
        }; use fewer filters, more pooling, fewer bits or fewer images.`,
        { code: "config" },
      );
    }
  }
}
