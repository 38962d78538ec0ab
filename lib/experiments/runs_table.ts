/** The `runs` listing: one line per past run, newest first, fitting the terminal. */
import { renderTable } from "../table.ts";
import type { RunInfo, SkippedRun } from "./runs.ts";

const percent = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : "–");

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60
    ? `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** The runs as a table (dirty work trees marked with a `+` after the commit). */
export function runsTable(
  runs: readonly RunInfo[],
  skipped: readonly SkippedRun[] = [],
  width = Infinity,
): string {
  if (runs.length === 0 && skipped.length === 0) return "No finished runs.";
  const table = renderTable(
    [
      { header: "name", priority: 0 },
      { header: "pipeline", priority: 3 },
      { header: "date (UTC)", priority: 2 },
      { header: "cells", align: "right", priority: 4 },
      { header: "best %", align: "right", priority: 1 },
      { header: "mean %", align: "right", priority: 1 },
      { header: "commit", priority: 5 },
      { header: "duration", align: "right", priority: 6 },
      { header: "tags", priority: 7 },
    ],
    runs.map((r) => [
      r.name,
      r.pipeline,
      r.date ? r.date.toISOString().slice(0, 16).replace("T", " ") : "–",
      String(r.cells),
      percent(r.bestTest),
      percent(r.meanTest),
      r.commit ? r.commit.slice(0, 8) + (r.dirty ? "+" : "") : "–",
      duration(r.seconds),
      r.tags.join(",") || "",
    ]),
    width,
  );
  const notes = skipped.map((s) => `skipped ${s.dir}: ${s.reason}`);
  const dirty = runs.some((r) => r.dirty)
    ? ["commit+ = the work tree had uncommitted changes."]
    : [];
  return [table, ...dirty, ...notes].join("\n");
}
