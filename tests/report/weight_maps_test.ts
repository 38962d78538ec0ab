import assert from "node:assert/strict";
import { weightMapsSvg } from "../../lib/report/weight_maps.ts";
import { assertWellFormedSvg, nonFiniteAttributes } from "./svg_checks.ts";

Deno.test("weight maps: one tile per filter, red for positive, blue for negative", () => {
  // d = 2 filters x 1 x 2 = 4 features + bias, 2 classes; class 1 is drawn.
  const weights = [[0, 1], [0, -1], [0, 0.5], [0, NaN], [0, 0.25]];
  const svg = weightMapsSvg({
    label: "cell",
    weights,
    featureGrid: { filters: 2, height: 1, width: 2 },
    classIndex: 1,
    className: "dog",
  });
  assertWellFormedSvg(svg, "weights");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.ok(svg.includes(">filter 1<") && svg.includes(">filter 2<"));
  assert.ok(svg.includes("\u201cdog\u201d") && svg.includes("bias 0.25"));
  assert.ok(svg.includes("1 missing or non-finite weight(s) in grey."));
  const fills = [
    ...svg.matchAll(
      /<rect x="[\d.]+" y="16" width="[\d.]+" height="[\d.]+" fill="(rgb\((\d+), (\d+), (\d+)\)|#cccccc)"/g,
    ),
  ];
  assert.equal(fills.length, 4);
  const [pos, neg] = fills.map((m) => m.slice(2, 5).map(Number));
  assert.ok(pos[0] > pos[2], `+1 is red: ${pos}`);
  assert.ok(neg[2] > neg[0], `-1 is blue: ${neg}`);
  assert.equal(fills[3][1], "#cccccc");
});
