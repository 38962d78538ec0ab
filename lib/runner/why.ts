/**
 * `why CELL`: why a cell would (or would not) reuse the cache. Compares the stage specs the
 * cell has now (pipeline file as it is today) with those a previous run recorded in its
 * manifest.json, and names every key component that changed, stage by stage, following upstream
 * changes to the stage that caused them.
 */
import { canonicalJson, stageKey } from "../cache/canonical.ts";
import { explainCellChange, explainKeyChange } from "../cache/explain.ts";
import { entryPath } from "../cache/layout.ts";
import type { StageSpec } from "../cache/types.ts";
import { loadDataset } from "../datasets/load.ts";
import { hasErrorCode, UserError } from "../errors.ts";
import { readResultFile } from "../results/json_file.ts";
import {
  type ManifestCell,
  type RunManifest as RecordedManifest,
  runManifestSchema,
} from "../results/manifest.ts";
import type { CellConfig, Pipeline } from "../pipeline/types.ts";
import { suggest } from "../pipeline/suggest.ts";
import { datasetKey } from "./feature_stage.ts";
import { cellSpecs, exists } from "./plan.ts";

/** Where `why` looks for previous runs when no --since is given. */
export const DEFAULT_RESULTS_DIR = "results";

/** A run's manifest.json (lib/results/manifest.ts), with the folder it was read from. */
export type RunManifest = RecordedManifest & { readonly dir: string };

/**
 * Reads `${dir}/manifest.json` through its schema, or undefined when there is none (a run
 * still going, or killed); a damaged or foreign one is a UserError naming the file and field.
 */
export async function readManifest(dir: string): Promise<RunManifest | undefined> {
  const manifest = await readResultFile(`${dir}/manifest.json`, runManifestSchema, "Manifest", {
    optional: true,
  });
  return manifest && { dir, ...manifest };
}

/** The manifest of the run in `dir` (--since), or a clear error when it has none. */
export async function requireManifest(dir: string): Promise<RunManifest> {
  const manifest = await readManifest(dir);
  if (!manifest) {
    throw new UserError(
      `${dir} has no manifest.json: give --since the results directory of a finished run.`,
    );
  }
  return manifest;
}

/** Every finished run under `root` (newest first). */
export async function findRuns(root: string): Promise<RunManifest[]> {
  const runs: RunManifest[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory) continue;
      // A folder that is not a run of this version (damaged, foreign) is not a candidate.
      const manifest = await readManifest(`${root}/${entry.name}`).catch((error) => {
        if (hasErrorCode(error, "results")) return undefined;
        throw error;
      });
      if (manifest) runs.push(manifest);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const at = (run: RunManifest) => run.createdAt ?? "";
  return runs.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0));
}

/** What `why` found, ready to print. */
export interface WhyAnswer {
  readonly cellId: string;
  /** The previous cell it was compared with (same id, or the closest one). */
  readonly comparedWith: string;
  readonly run: RunManifest;
  /** One row per stage: will it reuse the cache, and the key components that changed. */
  readonly stages: readonly { stage: string; cached: boolean; changes: string[] }[];
  /** The command-line overrides the current settings were loaded with. */
  readonly overrides?: readonly string[];
}

/** The cell's current stage specs (reads the dataset to hash its content, as `run` does). */
async function currentSpecs(cell: CellConfig): Promise<Record<string, StageSpec>> {
  const dataset = await loadDataset(cell.dataset);
  return cellSpecs(cell, await datasetKey(dataset, { ...cell.dataset }));
}

/** How far apart the numbers in two cell ids are ("K=12" is nearer "K=10" than "K=5"). */
function numericGap(a: string, b: string): number {
  const numbers = (id: string) => (id.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const x = numbers(a);
  const y = numbers(b);
  if (x.length !== y.length) return Infinity;
  return x.reduce((sum, v, i) => sum + Math.abs(v - y[i]), 0);
}

/**
 * The previous cell with the same id, else the one whose specs differ in the fewest components
 * (on ties, the one whose id has the nearest numbers).
 */
function closestCell(
  previous: readonly ManifestCell[],
  id: string,
  specs: Record<string, StageSpec>,
): ManifestCell | undefined {
  const same = previous.find((c) => c.id === id);
  if (same) return same;
  let best: ManifestCell | undefined;
  let fewest = Infinity;
  let gap = Infinity;
  for (const candidate of previous) {
    if (!candidate.specs) continue;
    let count = 0;
    for (const stage of Object.keys(specs)) {
      const before = candidate.specs[stage];
      count += before ? explainKeyChange(before, specs[stage]).length : 10;
    }
    const candidateGap = numericGap(id, candidate.id);
    if (count < fewest || (count === fewest && candidateGap < gap)) {
      best = candidate;
      fewest = count;
      gap = candidateGap;
    }
  }
  return best;
}

/**
 * Explains a cell of `pipeline` against a previous run: `since` names its results directory;
 * otherwise the newest run of the same pipeline under `resultsDir` is used.
 */
export async function whyCell(
  pipeline: Pipeline,
  cellId: string,
  options: { since?: string; resultsDir?: string; cacheDir?: string } = {},
): Promise<WhyAnswer> {
  const cell = pipeline.cells.find((c) => c.id === cellId);
  if (!cell) {
    const ids = pipeline.cells.map((c) => c.id);
    const guess = suggest(cellId, ids, 4);
    throw new UserError(
      `${pipeline.file} has no cell "${cellId}"` +
        (guess
          ? `; did you mean "${guess}"?`
          : `; its cells are listed by \`plan ${pipeline.file}\`.`),
      guess ? [] : ids.slice(0, 8).concat(ids.length > 8 ? [`... ${ids.length - 8} more`] : []),
    );
  }
  const run = await previousRun(pipeline, options);
  const specs = await currentSpecs(cell);
  const before = closestCell(run.cells, cellId, specs);
  if (!before) {
    throw new UserError(`the run in ${run.dir} recorded no cells to compare "${cellId}" with.`);
  }
  const lines = await explainCellChange(before.specs, specs);
  const datasetChanged = canonicalJson(before.dataset ?? null) !== canonicalJson(cell.dataset);
  const cacheDir = options.cacheDir ?? pipeline.cacheDir;
  const stages = [];
  for (const stage of Object.keys(specs)) {
    const changes = lines
      .filter((l) => l.startsWith(`${stage} changed: `) || l.startsWith(`${stage}: `))
      .map((l) => l.slice(l.indexOf(":") + 2));
    if (stage === "features" && datasetChanged) {
      for (
        const line of explainKeyChange(
          { stage: "dataset", version: 0, params: before.dataset, upstream: {} },
          { stage: "dataset", version: 0, params: { ...cell.dataset }, upstream: {} },
        )
      ) changes.unshift(line.replace(/^params\./, "dataset."));
    }
    const cached = await exists(entryPath(cacheDir, await stageKey(specs[stage])));
    stages.push({ stage, cached, changes });
  }
  return { cellId, comparedWith: before.id, run, stages };
}

async function previousRun(
  pipeline: Pipeline,
  options: { since?: string; resultsDir?: string },
): Promise<RunManifest> {
  if (options.since) return await requireManifest(options.since);
  const root = options.resultsDir ?? DEFAULT_RESULTS_DIR;
  const run = (await findRuns(root)).find((r) => r.pipeline === pipeline.name);
  if (!run) {
    throw new UserError(
      `no finished run of pipeline "${pipeline.name}" under ${root}/ to compare with: run it once, or name a results directory with --since DIR.`,
    );
  }
  return run;
}

/** Renders a WhyAnswer as the terminal shows it. */
export function formatWhy(answer: WhyAnswer): string {
  const { run } = answer;
  const when = run.createdAt?.slice(0, 16).replace("T", " ") ?? "time unknown";
  const head = [
    answer.comparedWith === answer.cellId
      ? `${answer.cellId}, compared with the same cell in ${run.dir} (${when})`
      : `${answer.cellId} is not in ${run.dir} (${when}); compared with its closest cell there, ${answer.comparedWith}`,
  ];
  const width = Math.max(...answer.stages.map((s) => s.stage.length));
  const rows = answer.stages.map(({ stage, cached, changes }) => {
    const status = cached ? "reuse  " : "compute";
    const why = changes.length > 0 ? changes : [
      cached
        ? "unchanged"
        : "unchanged key, but the entry is not in the cache (removed by `cache gc`, or another --cache-dir)",
    ];
    return why
      .map((text, i) =>
        `  ${i === 0 ? stage.padEnd(width) : " ".repeat(width)}  ${
          i === 0 ? status : "       "
        }  ${text}`
      )
      .join("\n");
  });
  const overrideLines = [
    `  overrides then: ${run.overrides?.length ? run.overrides.join(" ") : "none"}`,
    `  overrides now:  ${answer.overrides?.length ? answer.overrides.join(" ") : "none"}`,
  ];
  if (run.overrides?.length || answer.overrides?.length) head.push(...overrideLines);
  const changed = answer.stages.filter((s) => s.changes.length > 0).length;
  const reused = answer.stages.filter((s) => s.cached).length;
  const tail =
    (changed === 0
      ? "Nothing that enters a cache key changed. "
      : `${changed} of ${answer.stages.length} stages have new keys. `) +
    `A run would reuse ${reused} and compute ${answer.stages.length - reused}.`;
  return [...head, "", ...rows, "", tail].join("\n");
}
