import assert from "node:assert/strict";
import { trainingCurvesSvg } from "../../lib/report/training_curves.ts";
import type { IterationRecord } from "../../lib/results/types.ts";
import { assertWellFormedSvg, nonFiniteAttributes } from "./svg_checks.ts";

function iterations(count: number, bits: number): IterationRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    iteration: i + 1,
    crossEntropy: 2 / (i + 1) + 1 / bits,
    trainAccuracy: 0.9 - 0.5 / (i + 1),
    testAccuracy: 0.88 - 0.5 / (i + 1),
    surrogate: -Math.exp(-i),
    surrogateContinuous: -1.1 * Math.exp(-i),
    solveQuality: 0.9,
    accepted: 10,
    seconds: 0.1,
  }));
}

function linePaths(svg: string): string[] {
  return [
    ...svg.matchAll(/<path d="(M[^"]*)" fill="none" stroke="#[0-9a-f]{6}" stroke-width="1.8"/g),
  ]
    .map((m) => m[1]);
}

Deno.test("training curves: four panels with one line per K, log surrogate axis", () => {
  const svg = trainingCurvesSvg({
    label: "d, seed 1",
    runs: [{ bits: 10, iterations: iterations(8, 10) }, { bits: 5, iterations: iterations(8, 5) }],
  });
  assertWellFormedSvg(svg, "curves");
  assert.equal(linePaths(svg).length, 8, "2 K values x 4 panels");
  assert.ok(svg.includes("solve quality"), "the annealer's solve quality at every iteration");
  // Lines of different K differ in dash pattern, and curves that coincide are named.
  assert.ok(svg.includes('stroke-dasharray="7,3"'));
  assert.ok(svg.includes("train accuracy (%): K = 5 and K = 10 overlap (under 3 px"), svg);
  assert.ok(!svg.includes("cross-entropy (nats): K = 5 and K = 10 overlap"));
  assert.ok(svg.includes("K = 5") && svg.includes("K = 10"));
  assert.ok(svg.includes("surrogate decrease"));
  assert.ok(svg.includes("cross-entropy (nats)") && svg.includes("train accuracy (%)"));
  assert.ok(svg.includes("10\u207b"), "log ticks as powers of ten");
});

Deno.test("training curves: a NaN breaks the line and is reported, never drawn", () => {
  const runs = [{
    bits: 5,
    iterations: iterations(6, 5).map((r) => r.iteration === 3 ? { ...r, crossEntropy: NaN } : r),
  }];
  const svg = trainingCurvesSvg({ label: "x", runs });
  assertWellFormedSvg(svg, "curves");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.ok(svg.includes("1 non-finite cross-entropy (nats) value(s) skipped"));
  const crossEntropyLine = linePaths(svg)[1];
  assert.equal(crossEntropyLine.split("M").length - 1, 2, "the line restarts after the gap");
});

Deno.test("training curves: no iterations gives a labelled empty figure", () => {
  const svg = trainingCurvesSvg({ label: "x", runs: [{ bits: 5, iterations: [] }] });
  assertWellFormedSvg(svg, "curves");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.ok(svg.includes("no iterations recorded"));
});

Deno.test("training curves: coinciding curves are named as one group, not pair by pair", () => {
  const svg = trainingCurvesSvg({
    label: "d, seed 1",
    runs: [5, 10, 15, 20].map((bits) => ({ bits, iterations: iterations(8, bits) })),
  });
  assert.ok(svg.includes("train accuracy (%): K = 5, 10, 15 and 20 overlap (under 3 px"), svg);
  assert.ok(!svg.includes("K = 5 and K = 10;"));
});
