/**
 * Runs side by side (`compare RUN RUN...`): the parameters that differ between them (pipeline,
 * overrides, cell settings, code and environment), their metrics with deltas against the first
 * run, and the cells they share. A shared cell's delta is a comparison on the same features only
 * when both runs recorded the same features cache key; the mean delta uses only those cells.
 */
import { canonicalJson } from "../cache/canonical.ts";
import { pairedMean } from "../report/comparisons.ts";
import type { CellSummary, ManifestCell } from "../results/types.ts";
import { renderTable, type TextColumn, wrapNote } from "../table.ts";
import type { RunInfo } from "./runs.ts";

/** A parameter whose values differ between the compared runs. */
export interface DifferingParameter {
  /** Dotted name: "training.bits", "overrides", "git commit". */
  readonly name: string;
  /** Per run, its value(s) as text ("5, 10" when the run swept several). */
  readonly values: readonly string[];
}

/** One metric of every run. */
export interface MetricRow {
  readonly name: string;
  /** Per run; NaN where the run lacks it. */
  readonly values: readonly number[];
  /** How to print a value. */
  readonly unit: "percent" | "seconds" | "count" | "ratio" | "points";
}

/** A cell id present in every compared run. */
export interface SharedCell {
  readonly id: string;
  /** Test accuracy per run. */
  readonly test: readonly number[];
  /** Every run trained it on the same features (equal features cache keys). */
  readonly sameFeatures: boolean;
}

/** What `compare` prints. */
export interface RunComparison {
  readonly runs: readonly RunInfo[];
  readonly differing: readonly DifferingParameter[];
  readonly metrics: readonly MetricRow[];
  readonly shared: readonly SharedCell[];
  /** Per run after the first: mean over shared same-feature cells of (test - first run's). */
  readonly meanSharedDelta: readonly number[];
}

function manifestCells(run: RunInfo): readonly ManifestCell[] {
  return run.manifest?.cells ?? [];
}

/** "training.bits" -> every value the run's cells have, as canonical JSON. */
function cellParameters(run: RunInfo): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (prefix: string, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(prefix ? `${prefix}.${k}` : k, v);
      return;
    }
    if (!out.has(prefix)) out.set(prefix, new Set());
    out.get(prefix)!.add(canonicalJson(value ?? null));
  };
  for (const cell of manifestCells(run)) {
    // dataDir is a location, not a parameter.
    const { dataDir: _, ...dataset } = cell.dataset;
    visit("dataset", dataset);
    for (const section of ["features", "training", "sampler"] as const) {
      visit(section, cell[section]);
    }
  }
  return out;
}

function show(values: Set<string> | undefined): string {
  if (!values || values.size === 0) return "(unset)";
  return [...values].map((v) => {
    const parsed = JSON.parse(v);
    return typeof parsed === "string" ? parsed : v;
  }).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).join(", ");
}

function provenanceValue(run: RunInfo, path: string[]): string {
  let node: unknown = run.manifest?.provenance;
  for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
  return node === undefined || node === null ? "(unknown)" : String(node);
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** Compares `runs` (the first is the reference for deltas). */
export function compareRuns(runs: readonly RunInfo[]): RunComparison {
  const differing: DifferingParameter[] = [];
  const add = (name: string, values: string[]) => {
    if (new Set(values).size > 1) differing.push({ name, values });
  };
  add("pipeline", runs.map((r) => r.pipeline));
  add("pipeline file", runs.map((r) => String(r.manifest?.pipelineFile ?? "(unknown)")));
  add("pipeline file sha256", runs.map((r) => String(r.manifest?.pipelineHash ?? "").slice(0, 12)));
  add("overrides", runs.map((r) => r.overrides.join(" ") || "(none)"));
  const params = runs.map(cellParameters);
  const names = [...new Set(params.flatMap((p) => [...p.keys()]))].sort();
  for (const name of names) add(name, params.map((p) => show(p.get(name))));
  add("git commit", runs.map((r) => (r.commit ?? "(unknown)").slice(0, 12)));
  add("git dirty", runs.map((r) => (r.dirty === null ? "(unknown)" : String(r.dirty))));
  add("deno.lock sha256", runs.map((r) => provenanceValue(r, ["denoLockSha256"]).slice(0, 12)));
  add("deno", runs.map((r) => provenanceValue(r, ["deno"])));
  add("cores", runs.map((r) => provenanceValue(r, ["machine", "cores"])));

  const paired = runs.map((r) => pairedMean(r.summary.cells, r.summary.baselines, "exact"));
  const metrics: MetricRow[] = [
    { name: "cells", values: runs.map((r) => r.cells), unit: "count" },
    { name: "best test %", values: runs.map((r) => r.bestTest), unit: "percent" },
    { name: "mean test %", values: runs.map((r) => r.meanTest), unit: "percent" },
    {
      name: "optimum test %, same seeds",
      values: paired.map((p) => p?.meanTest ?? NaN),
      unit: "percent",
    },
    {
      name: "Δ optimum (pts), same seeds",
      values: paired.map((p) => p?.meanGap ?? NaN),
      unit: "points",
    },
    {
      name: "mean solve quality",
      values: runs.map((r) => mean(r.summary.cells.map((c: CellSummary) => c.solveQuality))),
      unit: "ratio",
    },
    { name: "run seconds", values: runs.map((r) => r.seconds), unit: "seconds" },
  ];

  const byId = runs.map((r) => new Map(r.summary.cells.map((c: CellSummary) => [c.id, c])));
  const featureKeys = runs.map((r) =>
    new Map(manifestCells(r).map((c) => [c.id, c.keys.features]))
  );
  const shared: SharedCell[] = [...byId[0].keys()]
    .filter((id) => byId.every((m) => m.has(id)))
    .map((id) => {
      const keys = featureKeys.map((m) => m.get(id));
      return {
        id,
        test: byId.map((m) => m.get(id)!.testAccuracy),
        sameFeatures: keys.every((k) => k !== undefined && k === keys[0]),
      };
    });
  const meanSharedDelta = runs.slice(1).map((_, i) =>
    mean(shared.filter((s) => s.sameFeatures).map((s) => s.test[i + 1] - s.test[0]))
  );
  return { runs, differing, metrics, shared, meanSharedDelta };
}

function format(value: number, unit: MetricRow["unit"]): string {
  if (!Number.isFinite(value)) return "–";
  switch (unit) {
    case "percent":
      return (100 * value).toFixed(1);
    case "points":
      return `${value >= 0 ? "+" : ""}${(100 * value).toFixed(1)}`;
    case "seconds":
      return value.toFixed(1);
    case "ratio":
      return value.toFixed(3);
    default:
      return String(value);
  }
}

function delta(value: number, reference: number, unit: MetricRow["unit"]): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference)) return "";
  const d = value - reference;
  const text = unit === "percent" || unit === "points"
    ? `${d >= 0 ? "+" : ""}${(100 * d).toFixed(1)}`
    : unit === "seconds"
    ? `${d >= 0 ? "+" : ""}${d.toFixed(1)}`
    : unit === "ratio"
    ? `${d >= 0 ? "+" : ""}${d.toFixed(3)}`
    : `${d >= 0 ? "+" : ""}${d}`;
  return ` (${text})`;
}

/** The comparison as the terminal shows it, fitting `width` columns. */
export function formatComparison(c: RunComparison, width = Infinity, maxCells = 20): string {
  const runColumns: TextColumn[] = c.runs.map((r, i) => ({
    header: `${i + 1}: ${r.name}`,
    priority: 0,
  }));
  const out: string[] = [];
  out.push(renderTable(
    [
      { header: "run", priority: 0 },
      { header: "folder", priority: 0 },
      { header: "date (UTC)", priority: 1 },
    ],
    c.runs.map((r, i) => [
      `${i + 1}: ${r.name}`,
      r.dir,
      r.date?.toISOString().slice(0, 16).replace("T", " ") ?? "–",
    ]),
    width,
  ));
  out.push("", "Parameters that differ", "");
  out.push(
    c.differing.length
      ? renderTable(
        [{ header: "parameter", priority: 0 }, ...runColumns],
        c.differing.map((d) => [d.name, ...d.values]),
        width,
      )
      : "(none: the runs have the same parameters, code and environment)",
  );
  out.push("", "Metrics (in brackets: the difference from run 1)", "");
  out.push(renderTable(
    [
      { header: "metric", priority: 0 },
      ...runColumns.map((r) => ({ ...r, align: "right" as const })),
    ],
    c.metrics.map((m) => [
      m.name,
      ...m.values.map((v, i) => format(v, m.unit) + (i === 0 ? "" : delta(v, m.values[0], m.unit))),
    ]),
    width,
  ));
  out.push("", `Cells in every run: ${c.shared.length}`);
  if (c.shared.length > 0) {
    const same = c.shared.filter((s) => s.sameFeatures).length;
    out.push("");
    out.push(renderTable(
      [
        { header: "cell", priority: 0 },
        ...runColumns.map((r) => ({ ...r, header: `${r.header} test %`, align: "right" as const })),
        { header: "same features", priority: 1 },
      ],
      c.shared.slice(0, maxCells).map((s) => [
        s.id,
        ...s.test.map((v, i) =>
          format(v, "percent") + (i === 0 ? "" : delta(v, s.test[0], "percent"))
        ),
        s.sameFeatures ? "yes" : "no",
      ]),
      width,
    ));
    if (c.shared.length > maxCells) out.push(`... ${c.shared.length - maxCells} more cells`);
    out.push(
      "",
      wrapNote(
        `${same} of ${c.shared.length} shared cells were trained on the same features in ` +
          "every run." +
          c.meanSharedDelta.map((d, i) =>
            ` Run ${i + 2} vs run 1, mean over those cells: ${format(d, "points")} pts.`
          ).join(""),
        width,
      ),
    );
  }
  return out.join("\n");
}
