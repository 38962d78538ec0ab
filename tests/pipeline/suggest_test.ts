import assert from "node:assert/strict";
import { editDistance, suggest } from "../../lib/pipeline/suggest.ts";

Deno.test("editDistance counts insertions, deletions, substitutions and adjacent swaps as 1", () => {
  assert.deepEqual(editDistance("", ""), 0);
  assert.deepEqual(editDistance("", "abc"), 3);
  assert.deepEqual(editDistance("abc", ""), 3);
  assert.deepEqual(editDistance("filters", "filters"), 0);
  assert.deepEqual(editDistance("filtrs", "filters"), 1); // deletion
  assert.deepEqual(editDistance("fillters", "filters"), 1); // insertion
  assert.deepEqual(editDistance("filtars", "filters"), 1); // substitution
  assert.deepEqual(editDistance("fitlers", "filters"), 1); // transposition
  assert.deepEqual(editDistance("kitten", "sitting"), 3);
  // Optimal string alignment: "ca" -> "abc" is 3 (no edit of a swapped pair).
  assert.deepEqual(editDistance("ca", "abc"), 3);
});

Deno.test("editDistance is symmetric on random words", () => {
  const words = ["bits", "bist", "seed", "sede", "pool", "pooling", "eta", "beta", "", "x"];
  for (const a of words) {
    for (const b of words) assert.deepEqual(editDistance(a, b), editDistance(b, a), `${a} ${b}`);
  }
});

Deno.test("suggest picks the closest candidate within 2 edits, case-insensitively", () => {
  const keys = ["filters", "kernel", "stride", "activation", "pooling", "pool", "seed"];
  assert.deepEqual(suggest("filtrs", keys), "filters");
  assert.deepEqual(suggest("Kernal", keys), "kernel");
  assert.deepEqual(suggest("activaiton", keys), "activation");
  assert.deepEqual(suggest("pol", keys), "pool");
  assert.deepEqual(suggest("sede", keys), "seed");
  assert.deepEqual(suggest("learningRate", keys), undefined);
  // A one-letter word is close only to itself (in any case), never to another letter.
  assert.deepEqual(suggest("q", ["K", "x"]), undefined);
  assert.deepEqual(suggest("k", ["K", "x"]), "K");
});

Deno.test("suggest keeps the first candidate on ties", () => {
  assert.deepEqual(suggest("poo", ["pool", "poop"]), "pool");
  assert.deepEqual(suggest("poo", ["poop", "pool"]), "poop");
});
