/**
 * The run's progress model (cli/run_reporter.ts): the bar moves with every solve, early stops
 * and cached cells are credited, and the ETA comes from the measured solve rate and counts down
 * steadily instead of jumping.
 */
import assert from "node:assert/strict";
import { formatDuration, runningLabel, RunProgress } from "../../cli/run_reporter.ts";

function clock() {
  let t = 0;
  return { now: () => t, advance: (s: number) => (t += s) };
}

Deno.test("progress moves with each solve, weighted by K, and credits early stops", () => {
  const c = clock();
  const p = new RunProgress(c.now);
  p.begin(2);
  assert.equal(p.fraction(), 0);
  p.cellStart({ id: "a/K=5", iterations: 4, classes: 10, bits: 5 });
  // One started cell stands in for the other: 2 x 200 units.
  assert.equal(p.total(), 400);
  // With a plan, a waiting cell counts by its own K: 200 + 4 x 10 x 20.
  const planned = new RunProgress(c.now);
  planned.begin(2, [{ id: "a/K=5", iterations: 4, bits: 5 }, {
    id: "b/K=20",
    iterations: 4,
    bits: 20,
  }]);
  planned.cellStart({ id: "a/K=5", iterations: 4, classes: 10, bits: 5 });
  assert.equal(planned.total(), 1000);
  p.solveDone("a/K=5");
  assert.equal(p.done(), 5);
  assert.equal(p.fraction(), 5 / 400);
  for (let i = 1; i < 10; i++) p.solveDone("a/K=5");
  p.iterationDone("a/K=5", 1);
  assert.equal(p.done(), 50);
  p.cellStart({ id: "b/K=20", iterations: 4, classes: 10, bits: 20 });
  assert.equal(p.total(), 200 + 800);
  assert.deepStrictEqual(p.running(), ["a/K=5", "b/K=20"]);
  // A replayed iteration (every solve cached) still moves the bar.
  p.iterationDone("b/K=20", 1);
  assert.equal(p.done(), 50 + 200);
  // a stops after 2 of its 4 iterations: the rest is no longer to do.
  p.iterationDone("a/K=5", 2);
  p.cellDone("a/K=5");
  assert.equal(p.done(), 200 + 200);
  assert.deepStrictEqual(p.running(), ["b/K=20"]);
  p.cellDone("b/K=20");
  assert.equal(p.fraction(), 1);
  assert.deepStrictEqual(p.running(), []);
});

Deno.test("the ETA is remaining work over the measured rate, and does not jump", () => {
  const c = clock();
  const p = new RunProgress(c.now);
  p.begin(1);
  p.cellStart({ id: "x", iterations: 10, classes: 10, bits: 10 });
  assert.equal(p.etaSeconds(), undefined, "nothing measured yet");
  // 100 solves, one every 0.1 s, except a 10 s stall at solve 40.
  const etas: number[] = [];
  for (let i = 0; i < 100; i++) {
    c.advance(i === 40 ? 10 : 0.1);
    p.solveDone("x");
    if (i % 10 === 9) p.iterationDone("x", (i + 1) / 10);
    const eta = p.etaSeconds();
    if (eta !== undefined) etas.push(eta);
  }
  assert.equal(etas.at(-1), 0);
  // Early on, about 10 s of work at 10 solves/s; it never rises by more than a few seconds.
  assert.ok(etas[0] > 5 && etas[0] < 10, `first ETA ${etas[0]}`);
  for (let i = 1; i < etas.length; i++) {
    assert.ok(etas[i] <= etas[i - 1] + 1.5, `ETA jumped from ${etas[i - 1]} to ${etas[i]}`);
  }
  // Right after the stall the raw estimate is 59 / (41 / 14 s) = 20 s; the shown one moves less.
  assert.ok(Math.max(...etas) < 12, `max ETA ${Math.max(...etas)}`);
});

Deno.test("durations and the running cell's label are short and fit", () => {
  assert.deepStrictEqual(
    [undefined, 8.4, 45, 160, 3900].map(formatDuration),
    ["estimating", "8 s", "45 s", "2m40s", "1h05m"],
  );
  assert.equal(runningLabel(["digits/seed=1/K=10/sa"], 40), "digits/seed=1/K=10/sa");
  assert.equal(runningLabel(["digits/seed=1/K=10/sa", "b"], 40), "digits/seed=1/K=10/sa (+1 more)");
  assert.equal(runningLabel(["digits/seed=1/K=10/sa", "b"], 12), "digits/seed\u2026");
});
