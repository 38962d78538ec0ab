/**
 * Rebuilds a run's report from its stored results, computing nothing: reads the results
 * directory, writes figures/*.svg and a self-contained index.html (into the run's folder, or
 * `out`), and nothing else. Figures of an earlier report that this one no longer draws are
 * removed, so the folder never mixes two reports.
 */
import { UserError } from "../errors.ts";
import { claimOutDir, REPORT_ENTRIES } from "../results/out_dir.ts";
import { suggest } from "../pipeline/suggest.ts";
import { medianCell } from "./comparisons.ts";
import { remoteSolvesSvg } from "./remote_solves.ts";
import type { ProgressFn } from "../progress.ts";
import { type CellRecord, cellSlug, type CellSummary } from "../results/types.ts";
import { accuracyVsBitsSvg } from "./accuracy_vs_bits.ts";
import { annealEnergiesSvg } from "./anneal_energies.ts";
import { confusionSvg } from "./confusion.ts";
import { energyTracesSvg } from "./energy_traces.ts";
import { type PageFigure, type PageSection, renderPage } from "./page.ts";
import { quboHeatmapSvg } from "./qubo_heatmap.ts";
import { type LoadedResults, readResults } from "./read_results.ts";
import { loadQuboSample } from "./qubo_sample.ts";
import { runSummaryHtml } from "./run_summary.ts";
import { sweepTableHtml } from "./sweep_table.ts";
import { trainingCurvesSvg } from "./training_curves.ts";
import { weightMapsSvg } from "./weight_maps.ts";

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Class whose weights the weight-map figure shows (default 0). */
  readonly weightClass?: number;
  /** Called after each file written. */
  readonly onProgress?: ProgressFn;
  /**
   * Cell whose training curves, energies, confusion matrix and weights are drawn (for its
   * dataset); default, per dataset, the cell of median test accuracy.
   */
  readonly cell?: string;
  /** Folder to write the report into (default: the results directory itself). */
  readonly out?: string;
  /** Let `out` replace an earlier report there (otherwise a used `out` is refused). */
  readonly clear?: boolean;
}

/** What {@link buildReport} wrote. */
export interface BuildReportResult {
  /** Paths of every file written (figures first, index.html last). */
  readonly files: string[];
}

interface PendingFigure {
  readonly name: string;
  readonly svg: string;
  readonly alt: string;
  readonly caption: string;
}

/** Reads the results in `dir` and writes `dir/figures/*.svg` and `dir/index.html`. */
export async function buildReport(
  dir: string,
  options: BuildReportOptions = {},
): Promise<BuildReportResult> {
  const results = await readResults(dir);
  if (options.cell !== undefined && !results.summary.cells.some((c) => c.id === options.cell)) {
    const ids = results.summary.cells.map((c) => c.id);
    const guess = suggest(options.cell, ids, 4);
    throw new UserError(
      `--cell "${options.cell}" is not a cell of ${dir}` +
        (guess ? `; did you mean "${guess}"?` : `; its cells are listed in summary.json.`),
      { code: "results" },
    );
  }
  const out = options.out ?? dir;
  if (options.out !== undefined && options.out !== dir) {
    await claimOutDir(out, { clear: !!options.clear, owned: REPORT_ENTRIES, what: "report" });
  }
  const notes = results.missingRecords.map((id) =>
    `Cell ${id} has no cells/${cellSlug(id)}.json: it appears in the tables only.`
  );
  const sections: { heading: string; figures: PendingFigure[] }[] = [];
  const datasets = [...new Set(results.summary.cells.map((c) => c.dataset))];
  for (const dataset of datasets) {
    sections.push({
      heading: dataset,
      figures: await datasetFigures(results, dataset, options, notes),
    });
  }

  await Deno.mkdir(`${out}/figures`, { recursive: true });
  const files: string[] = [];
  const total = sections.reduce((n, s) => n + s.figures.length, 0) + 1;
  const pageSections: PageSection[] = [];
  for (const section of sections) {
    const figures: PageFigure[] = [];
    for (const f of section.figures) {
      const path = `${out}/figures/${f.name}`;
      await Deno.writeTextFile(path, f.svg);
      files.push(path);
      options.onProgress?.({ label: "report", done: files.length, total, unit: "files" });
      const { width, height } = svgSize(f.svg);
      figures.push({
        file: `figures/${f.name}`,
        svg: f.svg,
        width,
        height,
        alt: f.alt,
        caption: f.caption,
      });
    }
    pageSections.push({ heading: section.heading, figures });
  }
  const html = renderPage({
    title: `${results.summary.pipeline} \u2014 report`,
    summaryHtml: runSummaryHtml(results.summary, {
      date: results.date,
      pipelineHash: results.manifest?.pipelineHash,
    }),
    sections: pageSections,
    sweepHtml: sweepTableHtml(results.summary.cells),
    notes,
  });
  const page = `${out}/index.html`;
  await Deno.writeTextFile(page, html);
  files.push(page);
  await removeStaleFigures(`${out}/figures`, files);
  options.onProgress?.({ label: "report", done: files.length, total, unit: "files" });
  return { files };
}

async function datasetFigures(
  results: LoadedResults,
  dataset: string,
  options: BuildReportOptions,
  notes: string[],
): Promise<PendingFigure[]> {
  const slug = cellSlug(dataset);
  const cells = results.summary.cells.filter((c) => c.dataset === dataset);
  const figures: PendingFigure[] = [{
    name: `accuracy_vs_bits_${slug}.svg`,
    svg: accuracyVsBitsSvg({
      dataset,
      cells,
      baselines: results.summary.baselines.filter((b) => b.dataset === dataset),
    }),
    alt: `Test and train accuracy against bits per weight for ${dataset}`,
    caption: "Precision study: accuracy against K, mean over seeds with min\u2013max band; " +
      "baselines on the same frozen features as reference lines.",
  }];
  const chosen = cells.find((c) => c.id === options.cell && results.records.has(c.id));
  const best = chosen ?? medianCell(cells.filter((c) => results.records.has(c.id)));
  if (!best) {
    notes.push(`No cell record for ${dataset}: only the accuracy figure is drawn.`);
    return figures;
  }
  const why = chosen ? "chosen with --cell" : "median test accuracy; choose another with --cell";
  const record = results.records.get(best.id)!;
  const cellName = cellSlug(best.id);

  // The detail cell's siblings that differ only in K: one training curve each.
  const withoutBits = (id: string) => id.replace(/\/K=\d+/, "");
  const family = cells.filter((c) =>
    withoutBits(c.id) === withoutBits(best.id) && results.records.has(c.id)
  );
  figures.push({
    name: `training_curves_${cellName}.svg`,
    svg: trainingCurvesSvg({
      label: `${withoutBits(best.id)} (detail cell ${best.id}: ${why})`,
      runs: family.map((c) => ({
        bits: c.bits,
        iterations: results.records.get(c.id)!.iterations,
      })),
    }),
    alt: `Training curves per outer iteration for ${dataset}, seed ${best.seed}`,
    caption: `Training curves of the detail cell's configuration, one line per K ` +
      `(detail cell ${best.id}: ${why}). The bottom panel is the annealer's solve quality ` +
      `at every iteration.`,
  });

  if (record.remote) {
    figures.push({
      name: `remote_solves_${cellName}.svg`,
      svg: remoteSolvesSvg({ label: best.id, remote: record.remote }),
      alt: `D-Wave timing and chain breaks of every problem of ${best.id}`,
      caption: "What D-Wave reported for every class solve of the cell (from its record's " +
        "remote field): QPU access time per problem and, on the QPU, the fraction of broken " +
        "chains. D-Wave solvers have no \u03b2 ramp to show.",
    });
  }
  if (record.anneal) {
    figures.push({
      name: `anneal_energies_${cellName}.svg`,
      svg: annealEnergiesSvg({
        label: best.id,
        anneal: record.anneal,
        classNames: record.classNames,
        remote: record.remote !== undefined,
      }),
      alt: `Annealer energies per read for ${best.id}`,
      caption: "Energy of every read and the best read per class QUBO, scaled so 0 is " +
        "\u201cdo not move\u201d and 1 the continuous optimum" +
        (record.remote ? "." : "; right: the \u03b2 schedule."),
    });
  } else {
    notes.push(`Cell ${best.id} recorded no annealer trace: no energy figure for ${dataset}.`);
  }

  if (record.energyTraces?.length) {
    figures.push({
      name: `energy_traces_${cellName}.svg`,
      svg: energyTracesSvg({
        label: best.id,
        traces: record.energyTraces,
        classNames: record.classNames,
      }),
      alt: `Annealer energy per sweep over the iterations for ${best.id}`,
      caption: "Energy of read 0 after every sweep for a few class QUBOs (classes 0\u20132 at " +
        "iterations 1, 2, 4, 8, ...), scaled per solve so 0 is \u201cdo not move\u201d and 1 " +
        "the continuous optimum (recorded with sampler.params.traceEnergy).",
    });
  }

  figures.push({
    name: `confusion_${cellName}.svg`,
    svg: confusionSvg({
      label: best.id,
      confusion: record.confusion,
      classNames: record.classNames,
    }),
    alt: `Confusion matrix of ${best.id}`,
    caption: `Test-set confusion matrix of the detail cell (${best.id}: ${why}).`,
  });

  const classIndex = options.weightClass ?? 0;
  const classes = record.weights[0]?.length ?? 0;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes) {
    throw new UserError(
      `Weight class ${classIndex} is out of range for ${dataset} (${classes} classes): ` +
        `choose a class index from 0 to ${classes - 1}.`,
      { code: "results" },
    );
  }
  figures.push({
    name: `weight_maps_${cellName}.svg`,
    svg: weightMapsSvg({
      label: best.id,
      weights: record.weights,
      featureGrid: record.featureGrid,
      classIndex,
      className: record.classNames[classIndex] ?? String(classIndex),
    }),
    alt: `Learned weights of class ${classIndex} for ${best.id}`,
    caption: `Learned weights of one class on the pooled feature grid (${best.id}).`,
  });

  const heat = quboCell(cells, results, best);
  if (heat) {
    const sample = heat.record.quboSample!;
    const cacheDir = results.manifest?.["cacheDir"];
    const loaded = await loadQuboSample(
      results.dir,
      sample,
      typeof cacheDir === "string" ? cacheDir : undefined,
    );
    const className = heat.record.classNames[sample.classIndex] ?? String(sample.classIndex);
    if ("q" in loaded) {
      figures.push({
        name: `qubo_heatmap_${cellSlug(heat.cell.id)}.svg`,
        svg: quboHeatmapSvg({
          label: `${heat.cell.id}, class ${className}, iteration ${sample.iteration}`,
          n: sample.n,
          q: loaded.q,
          bits: sample.bits,
        }),
        alt: `Heat map of a QUBO matrix of ${heat.cell.id}`,
        caption: "One class QUBO, log10 |Q_ij| in bit-plane major order: the K \u00d7 K " +
          "blocks are the Gram matrix scaled by 2^(k+l).",
      });
    } else {
      notes.push(
        `No QUBO heat map for ${dataset}: the sample QUBO of ${heat.cell.id} ${loaded.missing}.`,
      );
    }
  } else {
    notes.push(`No cell of ${dataset} kept a QUBO matrix: no heat map.`);
  }
  return figures;
}

/** The cell whose stored QUBO to draw: the detail cell if it kept one, else the median that did. */
function quboCell(
  cells: readonly CellSummary[],
  results: LoadedResults,
  best: CellSummary,
): { cell: CellSummary; record: CellRecord } | undefined {
  const withQubo = cells.filter((c) => results.records.get(c.id)?.quboSample);
  const chosen = withQubo.find((c) => c.id === best.id) ?? medianCell(withQubo);
  return chosen ? { cell: chosen, record: results.records.get(chosen.id)! } : undefined;
}

/** Deletes figures/*.svg an earlier report wrote that this one did not. */
async function removeStaleFigures(folder: string, written: readonly string[]): Promise<void> {
  for await (const entry of Deno.readDir(folder)) {
    const path = `${folder}/${entry.name}`;
    if (entry.isFile && entry.name.endsWith(".svg") && !written.includes(path)) {
      await Deno.remove(path);
    }
  }
}

/** The width and height attributes of a figure's root <svg>. */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1] ?? 640);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1] ?? 480);
  return { width: Math.round(width), height: Math.round(height) };
}
