import assert from "node:assert/strict";
import { confusionSvg } from "../../lib/report/confusion.ts";
import { assertWellFormedSvg, nonFiniteAttributes } from "./svg_checks.ts";

Deno.test("confusion: counts in cells, class names on both axes, accuracy from the trace", () => {
  const svg = confusionSvg({
    label: "cell",
    confusion: [[8, 2, 0], [1, 7, 2], [0, 0, 0]],
    classNames: ["cat", "dog", "owl"],
  });
  assertWellFormedSvg(svg, "confusion");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  assert.ok(svg.includes("15 of 20 correct (75.0 %)"));
  for (const name of ["cat", "dog", "owl"]) {
    assert.equal([...svg.matchAll(new RegExp(`>${name}</text>`, "g"))].length, 2, name);
  }
  for (const count of ["8", "7", "2", "1"]) assert.ok(svg.includes(`>${count}</text>`));
  assert.ok(svg.includes("Classes without test images are shown in grey."));
  // Row-normalised colour: the 8 of 10 cell is darker than the 7 of 10 cell.
  const fills = [
    ...svg.matchAll(
      /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="(rgb\([^)]*\)|#[0-9a-f]+)"/g,
    ),
  ]
    .map((m) => m[1]);
  const lum = (c: string) => c.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0);
  assert.ok(lum(fills[0]) < lum(fills[4]), `${fills[0]} vs ${fills[4]}`);
});

Deno.test("confusion: many classes drop the counts and say so", () => {
  const c = 30;
  const confusion = Array.from(
    { length: c },
    (_, i) => Array.from({ length: c }, (_, j) => i === j ? 9 : 1),
  );
  const classNames = Array.from({ length: c }, (_, i) => `c${i}`);
  const svg = confusionSvg({ label: "cell", confusion, classNames });
  assertWellFormedSvg(svg, "confusion");
  assert.ok(svg.includes("30 classes: counts omitted, colour only."));
  assert.ok(!svg.includes(">9</text>"), "the diagonal count 9 is not written");
  assert.ok(svg.includes(">c29</text>"));
});
