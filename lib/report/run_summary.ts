/**
 * The designed summary at the top of the report page: what ran, how well, how big, how
 * fast, and how much the cache saved.
 */
import * as d3 from "d3";
import type { BaselineSummary, CellSummary, RunSummary } from "../results/types.ts";
import { escapeHtml, formatNumber, numericCell, table, textCell } from "./html.ts";

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
  const samplers = [...new Set(cells.map((c) => c.sampler))];
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

  const baseline = (
    dataset: string,
    method: BaselineSummary["method"],
    key: "testAccuracy" | "trainAccuracy",
  ) =>
    meanOf(
      summary.baselines.filter((b) => b.dataset === dataset && b.method === method).map((b) =>
        b[key]
      ),
    );

  const bestRows = datasets.map((dataset) => {
    const best = bestCell(cells.filter((c) => c.dataset === dataset))!;
    const exact = baseline(dataset, "exact", "testAccuracy");
    const gap = best.testAccuracy - exact;
    return [
      textCell(dataset),
      textCell(best.id),
      numericCell(best.testAccuracy, pct(best.testAccuracy)),
      numericCell(best.trainAccuracy, pct(best.trainAccuracy)),
      numericCell(exact, pct(exact)),
      numericCell(
        baseline(dataset, "sgd", "testAccuracy"),
        pct(baseline(dataset, "sgd", "testAccuracy")),
      ),
      numericCell(
        gap,
        Number.isFinite(gap) ? `${gap >= 0 ? "+" : ""}${formatNumber(gap * 100, 1)}` : "\u2013",
      ),
    ];
  });
  const bestTable = table(
    [
      "dataset",
      "best cell",
      "test (%)",
      "train (%)",
      "exact test (%)",
      "SGD test (%)",
      "vs exact (pts)",
    ],
    bestRows,
  );

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

  const sizeRows = d3.groups(cells, (c: CellSummary) => c.dataset, (c: CellSummary) => c.bits)
    .flatMap(([dataset, byBits]: [string, [number, CellSummary[]][]]) =>
      byBits.sort((a, b) => a[0] - b[0]).map(([bits, list]) => {
        const n = list[0].variables;
        const quality = meanOf(list.map((c) => c.solveQuality));
        const secs = meanOf(list.map((c) => c.seconds));
        return [
          textCell(dataset),
          numericCell(bits, String(bits)),
          numericCell(n, formatNumber(n)),
          numericCell(list[0].couplers, formatNumber(list[0].couplers)),
          numericCell(quality, formatNumber(quality, 3)),
          numericCell(secs, formatNumber(secs, 1)),
        ];
      })
    );
  const sizeTable = table(
    ["dataset", "K", "n per QUBO", "couplers", "solve quality", "s per cell"],
    sizeRows,
  );

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
    `<h3>Best accuracy per dataset</h3>`,
    bestTable,
    `<h3>Problem size and solve quality</h3>`,
    sizeTable,
    `<p class="note">n = (d+1)K binary variables per class QUBO; couplers of one dense QUBO. ` +
    `Solve quality: mean fraction of the continuous surrogate decrease each solve reached ` +
    `(1 = as good as the continuous step, 0 = no better than not moving).</p>`,
    `<h3>Baselines on the same features</h3>`,
    baselineTable,
    cacheTable,
  ].filter(Boolean).join("\n");
}
