/**
 * Every figure of the sample run's report: well-formed XML, no NaN/Infinity in any attribute,
 * renders to a PNG of the figure's own size that is not blank.
 */
import assert from "node:assert/strict";
import { buildReport } from "../../lib/report/build_report.ts";
import { makeResults } from "../fixtures/results/make_results.ts";
import { assertWellFormedSvg, nonFiniteAttributes, renderStats } from "./svg_checks.ts";

Deno.test("the XML check rejects malformed SVG and the NaN check finds NaN", () => {
  assert.throws(() => assertWellFormedSvg('<svg width="1" height="1"><g></svg>', "bad"));
  assert.throws(() => assertWellFormedSvg('<svg width="1" height="1">a & b</svg>', "bad"));
  assert.deepStrictEqual(nonFiniteAttributes('<path d="M0,NaNL1,2"/><text>NaN</text>').length, 1);
});

Deno.test("every report figure is well-formed, finite, the right size and not blank", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report_figures_" });
  try {
    await makeResults(dir);
    const { files } = await buildReport(dir);
    const svgs = files.filter((f) => f.endsWith(".svg"));
    // digits: accuracy, curves, anneal, confusion, weights, heat map; fashion: all but heat map.
    assert.deepStrictEqual(svgs.length, 11);
    const names = svgs.map((f) => f.split("/").pop()!);
    for (
      const prefix of [
        "accuracy_vs_bits_",
        "training_curves_",
        "anneal_energies_",
        "confusion_",
        "qubo_heatmap_",
        "weight_maps_",
      ]
    ) {
      assert(names.some((n) => n.startsWith(prefix)), `no ${prefix} figure`);
    }
    for (const file of svgs) {
      const svg = await Deno.readTextFile(file);
      const name = file.split("/").pop()!;
      const size = assertWellFormedSvg(svg, name);
      assert.deepStrictEqual(nonFiniteAttributes(svg), [], `${name} has non-finite attributes`);
      const stats = renderStats(svg);
      assert.deepStrictEqual([stats.width, stats.height], [size.width, size.height], name);
      assert(size.width >= 600 && size.height >= 200, `${name} is ${size.width}x${size.height}`);
      // A white page with a few labels has variance < 100; real figures are far above.
      assert(stats.variance > 300, `${name} looks blank (variance ${stats.variance.toFixed(1)})`);
      assert(svg.length < 400_000, `${name} is ${svg.length} bytes`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
