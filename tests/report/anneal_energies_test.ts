import assert from "node:assert/strict";
import { annealEnergiesSvg } from "../../lib/report/anneal_energies.ts";
import type { AnnealRecord } from "../../lib/results/types.ts";
import { assertWellFormedSvg, nonFiniteAttributes } from "./svg_checks.ts";

const names = ["a", "b", "c"];

function record(classes: AnnealRecord["classes"], extra: Partial<AnnealRecord> = {}): AnnealRecord {
  return { iteration: 2, sampler: "sa", classes, ...extra };
}

Deno.test("anneal energies: one best-read diamond per class, clipped reads reported", () => {
  const classes = [0, 1, 2].map((classIndex) => ({
    classIndex,
    // stay 10, continuous 9: reads reaching 0.5, 0.9 (best) and -5 (far worse than staying).
    energies: [9.5, 9.1, 15],
    stayEnergy: 10,
    continuousEnergy: 9,
  }));
  const schedule = Array.from({ length: 50 }, (_, i) => 0.1 * 1000 ** (i / 49));
  const svg = annealEnergiesSvg({
    label: "cell",
    anneal: record(classes, { betaRange: [0.1, 100], betaSchedule: schedule }),
    classNames: names,
  });
  assertWellFormedSvg(svg, "anneal");
  assert.deepStrictEqual(nonFiniteAttributes(svg), []);
  const diamonds = [...svg.matchAll(/<path d="M[\d.]+,[\d.]+L[^"]*Z" fill="#D55E00"/g)];
  // Plot diamonds only: the legend swatch has negative coordinates, which the pattern skips.
  assert.equal(diamonds.length, 3, "one best read per class");
  assert.ok(svg.includes("3 read(s) outside [-1, 1.25] drawn as triangles at the edge."));
  assert.ok(svg.includes("\u03b2 0.1 \u2192 100"));
  assert.ok(svg.includes("3 class QUBOs \u00d7 3 reads"));
});

Deno.test("anneal energies: an empty record and a degenerate class are said, not drawn", () => {
  const empty = annealEnergiesSvg({ label: "cell", anneal: record([]), classNames: names });
  assertWellFormedSvg(empty, "anneal");
  assert.deepStrictEqual(nonFiniteAttributes(empty), []);
  assert.ok(empty.includes("no reads recorded") && empty.includes("no \u03b2 schedule"));

  const flat = annealEnergiesSvg({
    label: "cell",
    anneal: record([{ classIndex: 0, energies: [1, NaN], stayEnergy: 1, continuousEnergy: 1 }], {
      betaRange: [0.5, 50],
    }),
    classNames: names,
  });
  assertWellFormedSvg(flat, "anneal");
  assert.deepStrictEqual(nonFiniteAttributes(flat), []);
  assert.ok(flat.includes("1 class QUBO(s) with no achievable decrease"));
  assert.ok(flat.includes("only its range is known"));
});
