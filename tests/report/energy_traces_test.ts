/**
 * The energy-per-sweep figure reserves the legend's real height: with six iterations the legend
 * wraps to a second row, and the panels (and their titles) start below it.
 */
import assert from "node:assert/strict";
import { energyTracesSvg } from "../../lib/report/energy_traces.ts";
import { legendHeight } from "../../lib/report/legend.ts";
import { theme } from "../../lib/report/theme.ts";

const iterations = [1, 2, 4, 8, 16, 32];
const traces = iterations.flatMap((iteration) =>
  [0, 1, 2].map((classIndex) => ({
    iteration,
    classIndex,
    sweeps: [0, 100, 200, 300],
    energies: [0, -0.5, -0.9, -1],
    stayEnergy: 0,
    continuousEnergy: -1,
  }))
);

Deno.test("a legend that wraps pushes the energy-trace panels below its last row", () => {
  const items = iterations.map((t) => ({
    label: `iteration ${t}`,
    color: "#000",
    kind: "line" as const,
  }));
  const height = legendHeight(items, theme.width - 28);
  assert.ok(height >= 32, `six iteration labels take two rows at this width, got ${height}px`);
  const svg = energyTracesSvg({
    label: "fashion-mnist/seed=2/K=15/sa",
    traces,
    classNames: ["T-shirt/top", "Trouser", "Pullover"],
  });
  // Panel groups are translated to (left, top); their titles sit 6 px above top.
  const tops = [...svg.matchAll(/<g transform="translate\(([\d.]+),([\d.]+)\)">/g)]
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]) }))
    .filter((t) => t.x >= 58 && t.y > 0) // panels start at the plot's left margin
    .map((t) => t.y);
  const legendTop = Number(/class="legend" transform="translate\(14,([\d.]+)\)"/.exec(svg)![1]);
  assert.ok(tops.length >= 3, `three panels, found ${tops.length}`);
  for (const top of tops) {
    // The title's text (about 12 px tall, baseline at top - 6) clears the legend's last row.
    assert.ok(
      top - 6 - 12 > legendTop + height - 8,
      `panel at ${top}, legend ends ${legendTop + height}`,
    );
  }
});
