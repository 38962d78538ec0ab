/**
 * The designed summary at the top of the report page: what ran, how well, how big, how
 * fast, and how much the cache saved.
 */
import * as d3 from "d3";
import type { BaselineSummary, CellSummary, RunSummary } from "../results/types.ts";
import {
  baselineFor,
  configurationRows,
  EXACT_NAMES_NOTE,
  type PairedMean,
  samplerLabel,
} from "./comparisons.ts";
import { escapeHtml, formatNumber, numericCell, table, textCell } from "./html.ts";

/** A configuration as tables show it: the brute-force sampler named as such. */
export function displayConfiguration(configuration: string): string {
  return configuration.replace(/\/exact(\/|$)/, `/${samplerLabel("exact")}$1`);
}

/** What the summary needs besides summary.json. */
export interface RunSummaryContext {
  readonly date?: Date;
  /** Short pipeline hash from the manifest, when known. */
  readonly pipelineHash?: string;
}

/** The best cell of a set: highest test accuracy, then train accuracy, then id (stable). */
export function bestCell(cells: readonly CellSummary[]): CellSummary | undefined {
  const score = (v: number) => (Number.isFinite(v) ? v : -Infinity);
  return [...cells].sort((a, b) =>
    score(b.testAccuracy) - score(a.testAccuracy) ||
    score(b.trainAccuracy) - score(a.trainAccuracy) || a.id.localeCompare(b.id)
  )[0];
}

function meanOf(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? d3.mean(finite)! : NaN;
}

const pct = (v: number) => formatNumber(v * 100, 1);

/** The summary section's inner HTML. */
export function runSummaryHtml(summary: RunSummary, context: RunSummaryContext): string {
  const cells = summary.cells;
  const datasets = [...new Set(cells.map((c) => c.dataset))];
  const samplers = [...new Set(cells.map((c) => samplerLabel(c.sampler)))];
  const seconds = d3.sum(cells, (c: CellSummary) => (Number.isFinite(c.seconds) ? c.seconds : 0));
  const facts: [string, string][] = [
    ["pipeline", summary.pipeline],
    [
      "date",
      context.date ? context.date.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "unknown",
    ],
    ["cells", String(cells.length)],
    ["datasets", datasets.join(", ") || "none"],
    ["samplers", samplers.join(", ") || "none"],
    ["stage time", `${formatNumber(seconds, 1)} s`],
  ];
  if (context.pipelineHash) facts.push(["pipeline hash", context.pipelineHash.slice(0, 12)]);
  const factList = `<dl class="facts">${
    facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("")
  }</dl>`;

  const headlineRows = configurationRows(cells, summary.baselines).map((row) => {
    const { exact, sgd } = row.baselines;
    const gap = (p?: PairedMean) =>
      numericCell(
        p?.meanGap ?? NaN,
        p && Number.isFinite(p.meanGap)
          ? `${p.meanGap >= 0 ? "+" : ""}${formatNumber(p.meanGap * 100, 1)}`
          : "\u2013",
      );
    return `<tr data-configuration="${escapeHtml(row.configuration)}">` + [
      textCell(row.cells[0].dataset),
      textCell(displayConfiguration(row.configuration)),
      numericCell(row.cells.length, String(row.cells.length)),
      numericCell(row.meanTest, pct(row.meanTest)),
      numericCell(exact?.meanTest ?? NaN, pct(exact?.meanTest ?? NaN)),
      gap(exact),
      numericCell(sgd?.meanTest ?? NaN, pct(sgd?.meanTest ?? NaN)),
      gap(sgd),
    ].join("") + "</tr>";
  });
  const headlineTable = `<table id="headline">\n<thead><tr>${
    [
      "dataset",
      "configuration",
      "seeds",
      "test (%)",
      "optimum test (%)",
      "\u0394 optimum (pts)",
      "SGD test (%)",
      "\u0394 SGD (pts)",
    ].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")
  }</tr></thead>\n<tbody>\n${headlineRows.join("\n")}\n</tbody>\n</table>`;

  const bestRows = datasets.map((dataset) => {
    const best = bestCell(cells.filter((c) => c.dataset === dataset))!;
    const optimum = baselineFor(best, summary.baselines, "exact");
    const gap = optimum ? best.testAccuracy - optimum.testAccuracy : NaN;
    return `<tr data-cell="${escapeHtml(best.id)}">` + [
      textCell(dataset),
      textCell(best.id),
      numericCell(best.testAccuracy, pct(best.testAccuracy)),
      numericCell(optimum?.testAccuracy ?? NaN, pct(optimum?.testAccuracy ?? NaN)),
      numericCell(
        gap,
        Number.isFinite(gap) ? `${gap >= 0 ? "+" : ""}${formatNumber(gap * 100, 1)}` : "\u2013",
      ),
    ].join("") + "</tr>";
  });
  const bestTable = `<table id="best-cells">\n<thead><tr>${
    [
      "dataset",
      "best cell",
      "test (%)",
      "optimum, same features (%)",
      "\u0394 optimum (pts)",
    ].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")
  }</tr></thead>\n<tbody>\n${bestRows.join("\n")}\n</tbody>\n</table>`;

  const baselineRows = d3.groups(
    summary.baselines,
    (b: BaselineSummary) => b.dataset,
    (b: BaselineSummary) => b.method,
  )
    .flatMap(([dataset, methods]: [string, [string, BaselineSummary[]][]]) =>
      methods.map(([method, list]) => [
        textCell(dataset),
        textCell(method === "exact" ? "exact optimum" : "SGD"),
        numericCell(list.length, String(list.length)),
        numericCell(
          meanOf(list.map((b) => b.testAccuracy)),
          pct(meanOf(list.map((b) => b.testAccuracy))),
        ),
        numericCell(
          meanOf(list.map((b) => b.trainAccuracy)),
          pct(meanOf(list.map((b) => b.trainAccuracy))),
        ),
      ])
    );
  const baselineTable = baselineRows.length
    ? table(["dataset", "baseline", "seeds", "test (%)", "train (%)"], baselineRows)
    : `<p class="note">No baselines recorded.</p>`;

  const sizeRows = configurationRows(cells, []).map((row) => {
    const first = row.cells[0];
    return [
      textCell(first.dataset),
      textCell(displayConfiguration(row.configuration)),
      numericCell(first.bits, String(first.bits)),
      numericCell(first.variables, formatNumber(first.variables)),
      numericCell(first.couplers, formatNumber(first.couplers)),
      numericCell(row.meanQuality, formatNumber(row.meanQuality, 3)),
      numericCell(row.meanSeconds, formatNumber(row.meanSeconds, 1)),
    ];
  });
  const sizeTable = table(
    ["dataset", "configuration", "K", "n per QUBO", "couplers", "solve quality", "s per cell"],
    sizeRows,
  );

  const remoteCells = cells.filter((c) => c.solver !== undefined);
  const remoteTable = remoteCells.length
    ? `<h3>D-Wave solves</h3>\n${
      table(
        ["cell", "solver", "problems", "QPU access (s)", "chain-break fraction"],
        remoteCells.map((c) => [
          textCell(c.id),
          textCell(c.solver ?? ""),
          numericCell(c.problems ?? NaN, formatNumber(c.problems ?? NaN)),
          numericCell(c.qpuAccessSeconds ?? NaN, formatNumber(c.qpuAccessSeconds ?? NaN, 4)),
          numericCell(c.chainBreakFraction ?? NaN, formatNumber(c.chainBreakFraction ?? NaN, 3)),
        ]),
        'id="dwave-table"',
      )
    }\n<p class="note">From the cell records' <code>remote</code> field: SAPI problems ` +
      `answered, QPU access time charged (summed over the problems) and, on the QPU, the mean ` +
      `fraction of broken chains (\u2013 where the solver reports none).</p>`
    : "";

  let cacheTable = "";
  if (summary.cache) {
    const rows = Object.entries(summary.cache).map(([stage, { hits, misses }]) => [
      textCell(stage),
      numericCell(hits, formatNumber(hits)),
      numericCell(misses, formatNumber(misses)),
      numericCell(
        hits / (hits + misses),
        hits + misses ? `${formatNumber((100 * hits) / (hits + misses), 0)} %` : "\u2013",
      ),
    ]);
    cacheTable = `<h3>Cache</h3>\n${table(["stage", "hits", "misses", "hit rate"], rows)}`;
  }

  return [
    factList,
    `<h3>Each configuration against the baselines on the same seeds' features</h3>`,
    headlineTable,
    `<p class="note">One row per configuration (every setting equal but the filter seed). ` +
    `Test accuracy is the mean over its seeds; each baseline is the mean over the same seeds, ` +
    `trained on the same features and ridge; \u0394 is the mean over those seeds of the ` +
    `per-seed difference. ${escapeHtml(EXACT_NAMES_NOTE)}</p>`,
    `<h3>Best cell per dataset, against the optimum on its own features</h3>`,
    bestTable,
    `<h3>Problem size and solve quality</h3>`,
    sizeTable,
    `<p class="note">n = (d+1)K binary variables per class QUBO; couplers of one dense QUBO. ` +
    `Solve quality: mean fraction of the continuous surrogate decrease each solve reached ` +
    `(1 = as good as the continuous step, 0 = no better than not moving).</p>`,
    remoteTable,
    `<h3>Baselines on the same features</h3>`,
    baselineTable,
    cacheTable,
  ].filter(Boolean).join("\n");
}
