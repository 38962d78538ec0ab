import assert from "node:assert/strict";
import { downsampleMaxAbs, quboHeatmapSvg } from "../../lib/report/qubo_heatmap.ts";
import { makeQubo } from "../fixtures/results/make_results.ts";
import { assertWellFormedSvg, nonFiniteAttributes, renderStats } from "./svg_checks.ts";

Deno.test("downsampling keeps the largest |q| of each block", () => {
  // 5 x 5, at most 2 cells a side: blocks of 3 (rows/cols 0-2 and 3-4).
  const q = new Float64Array(25);
  q[0 * 5 + 1] = -7; // block (0,0)
  q[1 * 5 + 4] = 3; // block (0,1)
  q[4 * 5 + 0] = -2; // block (1,0)
  q[4 * 5 + 4] = 0.5; // block (1,1)
  q[2 * 5 + 2] = NaN; // ignored
  const down = downsampleMaxAbs(q, 5, 2);
  assert.equal(down.block, 3);
  assert.equal(down.size, 2);
  assert.deepStrictEqual([...down.values], [7, 3, 2, 0.5]);
});

Deno.test("a 3000-variable QUBO becomes at most 256 x 256 cells and a small SVG", () => {
  const down = downsampleMaxAbs(new Float64Array(3000 * 3000).fill(1), 3000, 256);
  assert.ok(down.size <= 256, `size ${down.size}`);
  assert.equal(down.size, Math.ceil(3000 / down.block));
  const { n, q } = makeQubo(99, 30, 3); // n = 3000
  const svg = quboHeatmapSvg({ label: "big", n, q, bits: 30 });
  assertWellFormedSvg(svg, "heatmap");
  assert.ok(svg.length < 400_000, `${svg.length} bytes`);
  assert.ok(svg.includes("max |Q_ij| over 12\u00d712 blocks (250\u00b2 cells)"));
});

Deno.test("the heat map shows the bit-plane grid and a log10 colour bar", () => {
  const { n, q } = makeQubo(9, 4, 1); // n = 40, full resolution
  const svg = quboHeatmapSvg({ label: "small", n, q, bits: 4 });
  assertWellFormedSvg(svg, "heatmap");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.ok(svg.includes("full resolution"));
  // K - 1 = 3 boundaries in each direction.
  assert.equal([...svg.matchAll(/stroke="#ffffff" stroke-width="0.6"/g)].length, 6);
  assert.ok(svg.includes(">10\u207b"), "colour bar ticks as powers of ten");
  assert.ok(svg.includes("d + 1 = 10 weights per plane"));
  const stats = renderStats(svg);
  assert.ok(stats.variance > 300);
});

Deno.test("the heat map says when n is not a multiple of K and when entries are zero", () => {
  const q = new Float64Array(49);
  q[0] = 1;
  q[8] = 0.01;
  const svg = quboHeatmapSvg({ label: "odd", n: 7, q, bits: 2 });
  assertWellFormedSvg(svg, "heatmap");
  assert.ok(svg.includes("n = 7 is not a multiple of K = 2"));
  assert.ok(svg.includes("47 cell(s) with Q_ij = 0 shown in white."));
});
