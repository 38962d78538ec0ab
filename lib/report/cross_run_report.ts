/**
 * The report of several runs (`report RUN RUN...` or `report results/`): the runs side by side
 * (metrics, the parameters that differ, the cells they share) and, per dataset, accuracy against
 * K with one series per run. Self-contained like a run's report: one index.html with every figure
 * inlined, plus figures/*.svg.
 */
import { UserError } from "../errors.ts";
import { compareRuns } from "../experiments/compare.ts";
import { claimOutDir, REPORT_ENTRIES } from "../results/out_dir.ts";
import { type RunInfo, runInfo } from "../experiments/runs.ts";
import type { ProgressFn } from "../progress.ts";
import type { BaselineSummary, CellSummary } from "../results/types.ts";
import { cellSlug } from "../results/types.ts";
import { accuracyVsBitsSvg } from "./accuracy_vs_bits.ts";
import type { BuildReportResult } from "./build_report.ts";
import { EXACT_NAMES_NOTE, pairedMean, samplerLabel } from "./comparisons.ts";
import { escapeHtml, formatNumber, numericCell, table, textCell } from "./html.ts";
import { type PageFigure, renderPage } from "./page.ts";
import { readRunFiles } from "./read_results.ts";

/** Options of {@link buildCrossRunReport}. */
export interface CrossRunReportOptions {
  /** Folder to write into (refused when it holds files, unless `clear`). */
  readonly out: string;
  readonly clear?: boolean;
  readonly onProgress?: ProgressFn;
}

const pct = (v: number) => formatNumber(v * 100, 1);
const pts = (v: number) =>
  Number.isFinite(v) ? `${v >= 0 ? "+" : ""}${formatNumber(v * 100, 1)}` : "\u2013";

/** A stable, comparable form of a run's baselines of one dataset. */
function baselineKey(baselines: readonly BaselineSummary[], dataset: string): string {
  return JSON.stringify(
    baselines.filter((b) => b.dataset === dataset)
      .map((b) => [b.method, b.seed, b.testAccuracy])
      .sort(),
  );
}

/** Reads the runs in `dirs` and writes the cross-run report into `options.out`. */
export async function buildCrossRunReport(
  dirs: readonly string[],
  options: CrossRunReportOptions,
): Promise<BuildReportResult> {
  if (dirs.length < 2) {
    throw new UserError("A cross-run report needs at least two runs: give two results folders.", {
      code: "results",
    });
  }
  const runs: RunInfo[] = [];
  for (const dir of dirs) runs.push(runInfo(await readRunFiles(dir)));
  const labels = runs.map((r, i) => `${i + 1}: ${r.name}`);
  await claimOutDir(options.out, {
    clear: !!options.clear,
    owned: REPORT_ENTRIES,
    what: "report",
  });
  await Deno.mkdir(`${options.out}/figures`, { recursive: true });

  const notes: string[] = [];
  const datasets = [...new Set(runs.flatMap((r) => r.summary.cells.map((c) => c.dataset)))];
  const files: string[] = [];
  const figures: PageFigure[] = [];
  for (const dataset of datasets) {
    const cells: (CellSummary & { run: string })[] = runs.flatMap((r, i) =>
      r.summary.cells.filter((c) => c.dataset === dataset).map((c) => ({ ...c, run: labels[i] }))
    );
    const withDataset = runs.filter((r) => r.summary.cells.some((c) => c.dataset === dataset));
    const sameBaselines = new Set(withDataset.map((r) =>
      baselineKey(r.summary.baselines, dataset)
    )).size === 1;
    if (!sameBaselines) {
      notes.push(
        `The runs' baselines for ${dataset} differ (different features or settings): the ` +
          "cross-run figure draws none; each run's own report has them.",
      );
    }
    const samplersPerRun = Math.max(
      ...withDataset.map((r) =>
        new Set(r.summary.cells.map((c) => `${c.sampler}, ${c.policy}`)).size
      ),
    );
    const svg = accuracyVsBitsSvg({
      dataset,
      cells,
      baselines: sameBaselines ? withDataset[0].summary.baselines : [],
      title: `Accuracy vs bit precision across runs \u2014 ${dataset}`,
      seriesOf: (c) =>
        samplersPerRun > 1
          ? `${(c as CellSummary & { run: string }).run} (${samplerLabel(c.sampler)})`
          : (c as CellSummary & { run: string }).run,
    });
    const name = `accuracy_vs_bits_runs_${cellSlug(dataset)}.svg`;
    const path = `${options.out}/figures/${name}`;
    await Deno.writeTextFile(path, svg);
    files.push(path);
    options.onProgress?.({ label: "report", done: files.length, unit: "files" });
    const width = Number(/\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 640);
    const height = Number(/\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 480);
    figures.push({
      file: `figures/${name}`,
      svg,
      width: Math.round(width),
      height: Math.round(height),
      alt: `Test and train accuracy against K for ${dataset}, one series per run`,
      caption: `Accuracy against K for ${dataset}, one series per run (mean over each run's ` +
        "seeds, min\u2013max band)." +
        (sameBaselines ? " The baselines are the same in every run (same features)." : ""),
    });
  }

  const comparison = compareRuns(runs);
  const runRows = runs.map((r, i) => {
    const paired = pairedMean(r.summary.cells, r.summary.baselines, "exact");
    return [
      textCell(labels[i]),
      textCell(r.pipeline),
      textCell(r.date ? r.date.toISOString().slice(0, 16).replace("T", " ") : "\u2013"),
      textCell(r.commit ? r.commit.slice(0, 10) + (r.dirty ? " (dirty)" : "") : "unknown"),
      numericCell(r.cells, String(r.cells)),
      numericCell(r.bestTest, pct(r.bestTest)),
      numericCell(r.meanTest, pct(r.meanTest)),
      numericCell(paired?.meanGap ?? NaN, pts(paired?.meanGap ?? NaN)),
      numericCell(r.seconds, formatNumber(r.seconds, 1)),
    ];
  });
  const differing = comparison.differing.length
    ? table(
      ["parameter", ...labels],
      comparison.differing.map((d) => [textCell(d.name), ...d.values.map(textCell)]),
      'id="differing"',
    )
    : `<p class="note">The runs have the same parameters, code and environment.</p>`;
  const shared = comparison.shared.length
    ? table(
      ["cell", ...labels.map((l) => `${l} test (%)`), "same features"],
      comparison.shared.map((s) => [
        textCell(s.id),
        ...s.test.map((v, i) =>
          numericCell(v, pct(v) + (i === 0 ? "" : ` (${pts(v - s.test[0])})`))
        ),
        textCell(s.sameFeatures ? "yes" : "no"),
      ]),
      'id="shared-cells"',
    )
    : `<p class="note">No cell id is in every run.</p>`;
  const summaryHtml = [
    `<h3>Runs</h3>`,
    table(
      [
        "run",
        "pipeline",
        "date (UTC)",
        "commit",
        "cells",
        "best test (%)",
        "mean test (%)",
        "\u0394 optimum, same seeds (pts)",
        "run (s)",
      ],
      runRows,
      'id="runs"',
    ),
    `<p class="note">\u0394 optimum: mean over each run's cells of the test accuracy minus the ` +
    `exact optimum on the same features. ${escapeHtml(EXACT_NAMES_NOTE)}</p>`,
    `<h3>Parameters that differ</h3>`,
    differing,
    `<h3>Cells in every run</h3>`,
    shared,
    `<p class="note">In brackets: the difference from run 1. \u201csame features\u201d: every ` +
    `run recorded the same features cache key for the cell, so the difference is the ` +
    `training's alone.</p>`,
  ].join("\n");
  const html = renderPage({
    title: `${runs.length} runs compared`,
    summaryHtml,
    sections: figures.length ? [{ heading: "Across runs", figures }] : [],
    sweepHtml: `<p class="note">Each run's own report lists its cells: ${
      runs.map((r) => escapeHtml(r.dir)).join(", ")
    }.</p>`,
    notes,
  });
  const page = `${options.out}/index.html`;
  await Deno.writeTextFile(page, html);
  files.push(page);
  options.onProgress?.({ label: "report", done: files.length, unit: "files" });
  return { files };
}
