import assert from "node:assert/strict";
import { accuracyVsBitsSvg } from "../../lib/report/accuracy_vs_bits.ts";
import type { BaselineSummary, CellSummary } from "../../lib/results/types.ts";
import { assertWellFormedSvg, nonFiniteAttributes } from "./svg_checks.ts";

function cell(seed: number, bits: number, test: number, train = test + 0.02): CellSummary {
  return {
    id: `d/seed=${seed}/K=${bits}/sa`,
    dataset: "d",
    seed,
    bits,
    sampler: "sa",
    variables: 37 * bits,
    couplers: 0,
    policy: "trust",
    trainAccuracy: train,
    testAccuracy: test,
    solveQuality: 0.9,
    seconds: 1,
  };
}

const baselines: BaselineSummary[] = [
  { dataset: "d", seed: 1, method: "exact", trainAccuracy: 0.99, testAccuracy: 0.97 },
  { dataset: "d", seed: 1, method: "sgd", trainAccuracy: 0.98, testAccuracy: 0.95 },
];

function count(svg: string, pattern: RegExp): number {
  return [...svg.matchAll(pattern)].length;
}

Deno.test("accuracy vs K: mean markers per K, a band over seeds, both baselines", () => {
  const cells = [1, 2, 3].flatMap((s) =>
    [5, 10, 20].map((k) => cell(s, k, 0.9 + k / 1000 + s / 1000))
  );
  const svg = accuracyVsBitsSvg({ dataset: "d", cells, baselines });
  assertWellFormedSvg(svg, "accuracy");
  // 3 filled test markers and 3 open train markers (r=3), one per K.
  assert.equal(count(svg, /class="test-marker"/g), 3);
  assert.equal(count(svg, /<circle[^>]*r="3"[^>]*stroke=/g), 3);
  assert.equal(count(svg, /class="band-test"/g), 1, "one test band");
  assert.equal(count(svg, /class="band-train"/g), 1, "one train band");
  // The two bands have their own legend entries, with the bands' own opacities.
  assert.ok(svg.includes("test: min\u2013max over seeds"));
  assert.ok(svg.includes("train: min\u2013max over seeds"));
  assert.equal(count(svg, /<rect[^>]*fill-opacity="0.2"/g), 1);
  assert.equal(count(svg, /<rect[^>]*fill-opacity="0.07"/g), 1);
  assert.ok(svg.includes("exact optimum 97.0 %"));
  assert.ok(svg.includes("SGD 95.0 %"));
  assert.ok(svg.includes("3 filter seeds"));
  assert.ok(!svg.includes("no spread band"));
  // Test markers rise with K: larger accuracy is higher up (smaller y).
  const ys = [...svg.matchAll(/class="test-marker"[^>]*translate\([\d.]+,([\d.]+)\)/g)]
    .map((m) => Number(m[1]));
  assert.equal(ys.length, 3);
  assert.deepStrictEqual([...ys].sort((a, b) => b - a), ys);
});

Deno.test("accuracy vs K: overlapping series are drawn apart, with different markers", () => {
  const cells = [1, 2].flatMap((s) => [5, 10].map((k) => cell(s, k, 0.9)));
  const twin = cells.map((c) => ({ ...c, id: c.id.replace("/sa", "/exact"), sampler: "exact" }));
  const svg = accuracyVsBitsSvg({ dataset: "d", cells: [...cells, ...twin], baselines });
  assertWellFormedSvg(svg, "accuracy");
  const markers = [...svg.matchAll(/class="test-marker" d="([^"]+)"[^>]*translate\(([\d.]+),/g)];
  assert.equal(markers.length, 4);
  const shapes = new Set(markers.map((m) => m[1]));
  assert.equal(shapes.size, 2, "one marker shape per series");
  const xs = new Set(markers.map((m) => m[2]));
  assert.equal(xs.size, 4, "equal accuracies at the same K are not drawn on top of each other");
  assert.ok(svg.includes("exact (brute force), trust test"), "the brute-force sampler is named");
});

Deno.test("accuracy vs K: one seed draws no band, a missing baseline is said, NaN skipped", () => {
  const cells = [cell(1, 5, 0.8), cell(1, 10, NaN, NaN), cell(1, 15, 0.84)];
  const svg = accuracyVsBitsSvg({ dataset: "d", cells, baselines: [baselines[1]] });
  assertWellFormedSvg(svg, "accuracy");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.equal(count(svg, /class="band-/g), 0);
  assert.ok(svg.includes("One seed per point: no spread band."));
  assert.ok(svg.includes("No exact optimum baseline recorded."));
  assert.ok(svg.includes("2 non-finite accuracy value(s) skipped."));
  assert.equal(count(svg, /class="test-marker"/g), 2);
});

Deno.test("accuracy vs K: a dataset without cells still gives a valid figure", () => {
  const svg = accuracyVsBitsSvg({ dataset: "d", cells: [], baselines: [] });
  assertWellFormedSvg(svg, "empty");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.ok(svg.includes("No cells for this dataset."));
});

Deno.test("accuracy vs K: two settings of one sampler are two series, never one average", () => {
  const few = [1, 2].map((s) => ({
    ...cell(s, 6, 0.8),
    id: `d/seed=${s}/K=6/sa/numSweeps=50`,
  }));
  const many = [1, 2].map((s) => ({
    ...cell(s, 6, 0.9),
    id: `d/seed=${s}/K=6/sa/numSweeps=200`,
  }));
  const svg = accuracyVsBitsSvg({ dataset: "d", cells: [...few, ...many], baselines });
  assert.ok(svg.includes("sa, trust (numSweeps=50) test"), svg);
  assert.ok(svg.includes("sa, trust (numSweeps=200) test"));
  const markers = [...svg.matchAll(/class="test-marker"/g)];
  assert.equal(markers.length, 2, "one point per series at K = 6");
});
