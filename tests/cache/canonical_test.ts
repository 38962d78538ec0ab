import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalJson, declaredParams, sha256Hex, stageKey } from "../../lib/cache/canonical.ts";
import type { StageSpec } from "../../lib/cache/types.ts";
import { userError, userErrorStarting } from "./user_error.ts";

const UP = "a".repeat(64);

function spec(params: unknown, extra: Partial<StageSpec> = {}): StageSpec {
  return { stage: "features", version: 1, params, upstream: { dataset: UP }, ...extra };
}

Deno.test("canonicalJson sorts keys at every depth and writes no whitespace", () => {
  const text = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: "é\n" }], c: null }, e: true });
  assert.deepEqual(text, '{"a":{"c":null,"d":[3,{"y":"é\\n","z":1}]},"b":1,"e":true}');
});

Deno.test("canonicalJson writes numbers as JSON.stringify does", () => {
  assert.deepEqual(
    canonicalJson([1e21, 0.1, -0, 1.5e-7, 2 ** 53]),
    "[1e+21,0.1,0,1.5e-7,9007199254740992]",
  );
});

Deno.test("canonicalJson omits undefined object fields", () => {
  assert.deepEqual(canonicalJson({ a: 1, b: undefined }), canonicalJson({ a: 1 }));
});

Deno.test("canonicalJson rejects values JSON cannot hold, naming the path", () => {
  const cases: [unknown, string][] = [
    [
      { a: [1, NaN] },
      "params.a[1] is NaN, which JSON cannot hold: use a finite number (or null) there.",
    ],
    [
      { a: Infinity },
      "params.a is Infinity, which JSON cannot hold: use a finite number (or null) there.",
    ],
    [
      { a: [1, undefined] },
      "params.a[1] is undefined, which JSON cannot hold: use null or leave it out.",
    ],
    [
      { f: () => 1 },
      "params.f is a function, which JSON cannot hold: use a number, string, boolean, null, array or plain object.",
    ],
    [
      { w: new Float64Array(2) },
      "params.w is a Float64Array, which JSON cannot hold exactly: use a plain object or array.",
    ],
    [
      { d: new Date(0) },
      "params.d is a Date, which JSON cannot hold exactly: use a plain object or array.",
    ],
    [
      { n: 1n },
      "params.n is a bigint, which JSON cannot hold: use a number, string, boolean, null, array or plain object.",
    ],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => canonicalJson(value, "params"), userError(message));
  }
  // deno-lint-ignore no-sparse-arrays
  assert.throws(
    () => canonicalJson([1, , 3], "params"),
    userErrorStarting("params[1] is undefined"),
  );
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(
    () => canonicalJson(cyclic, "params"),
    userErrorStarting("params.self refers to itself"),
  );
});

Deno.test("stageKey is the SHA-256 of the canonical spec", async () => {
  const key = await stageKey(spec({ bits: 10 }));
  const text =
    `{"params":{"bits":10},"stage":"features","upstream":{"dataset":"${UP}"},"version":1}`;
  assert.deepEqual(key, await sha256Hex(text));
  assert.deepEqual(key.length, 64);
});

Deno.test("stageKey: same params in another key order give the same key", async () => {
  const a = await stageKey(spec({ bits: 10, filters: { count: 4, size: 3 }, seed: 1 }));
  const b = await stageKey(spec({ seed: 1, filters: { size: 3, count: 4 }, bits: 10 }));
  assert.deepEqual(a, b);
});

Deno.test("stageKey: a changed declared param, version, stage or upstream gives a new key", async () => {
  const base = await stageKey(spec({ bits: 10 }));
  assert.notDeepEqual(base, await stageKey(spec({ bits: 15 })));
  assert.notDeepEqual(base, await stageKey(spec({ bits: "10" })));
  assert.notDeepEqual(base, await stageKey(spec({ bits: 10 }, { version: 2 })));
  assert.notDeepEqual(base, await stageKey(spec({ bits: 10 }, { stage: "gram" })));
  assert.notDeepEqual(
    base,
    await stageKey(spec({ bits: 10 }, { upstream: { dataset: "b".repeat(64) } })),
  );
  assert.notDeepEqual(base, await stageKey(spec({ bits: 10 }, { upstream: { data: UP } })));
});

Deno.test("stageKey: an undeclared field changes nothing", async () => {
  const declared = ["bits", "seed"] as const;
  const a = await stageKey(spec(declaredParams({ bits: 10, seed: 1, label: "run A" }, declared)));
  const b = await stageKey(spec(declaredParams({ seed: 1, label: "run B", bits: 10 }, declared)));
  const c = await stageKey(spec(declaredParams({ seed: 1, bits: 10 }, declared)));
  assert.deepEqual(a, b);
  assert.deepEqual(a, c);
  const d = await stageKey(spec(declaredParams({ bits: 10, seed: 2, label: "run A" }, declared)));
  assert.notDeepEqual(a, d);
});

Deno.test("declaredParams picks only the named fields and skips absent ones", () => {
  assert.deepEqual(
    declaredParams({ a: 1, b: 2, c: 3 } as Record<string, number>, ["a", "c", "x"]),
    {
      a: 1,
      c: 3,
    },
  );
  const picked = declaredParams(JSON.parse('{"__proto__": {"x": 1}}'), ["__proto__"]);
  assert.deepEqual(Object.getPrototypeOf(picked), Object.prototype);
  assert.deepEqual(Object.keys(picked), ["__proto__"]);
});

Deno.test("stageKey rejects malformed specs with a clear sentence", async () => {
  await assert.rejects(
    () => stageKey(spec({}, { version: 1.5 })),
    userError('Stage "features" has version 1.5: use a non-negative integer.'),
  );
  await assert.rejects(
    () => stageKey(spec({}, { upstream: { dataset: "abc" } })),
    userError(
      'Stage "features" has upstream.dataset = "abc": an upstream key must be the 64-hex-digit key of the upstream stage\'s artifact.',
    ),
  );
  await assert.rejects(
    () => stageKey(spec({}, { stage: "" })),
    userError('Stage spec has stage name "": give a non-empty name without surrounding spaces.'),
  );
  await assert.rejects(
    () => stageKey(spec({ scale: NaN })),
    userErrorStarting('Stage "features" params.scale is NaN, which JSON cannot hold'),
  );
});

/** Rebuilds a JSON value with every object's keys in a shuffled order. */
function permuteKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => permuteKeys(v, random));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([k, v]) => [k, permuteKeys(v, random)] as const);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return Object.fromEntries(entries);
}

/** Paths to every leaf (non-container value) of a JSON value. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}

/** A different leaf value: a different JSON text for every input. */
function mutateLeaf(leaf: unknown): unknown {
  if (typeof leaf === "number") return leaf === 0 ? 1 : -leaf;
  if (typeof leaf === "string") return leaf + "x";
  if (typeof leaf === "boolean") return !leaf;
  return 0; // null
}

function setAt(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((v, i) => (i === head ? setAt(v, rest, leaf) : v));
  }
  return Object.fromEntries(
    Object.entries(value as object).map(([k, v]) => [k, k === head ? setAt(v, rest, leaf) : v]),
  );
}

function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, p) => (v as Record<string | number, unknown>)[p], value);
}

Deno.test("property: permuting object keys never changes the key", async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.integer(), async (params, seed) => {
      let state = seed >>> 0;
      const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
      const shuffled = permuteKeys(params, random);
      assert.deepEqual(await stageKey(spec(shuffled)), await stageKey(spec(params)));
    }),
    { numRuns: 200 },
  );
});

Deno.test("property: changing any leaf changes the key", async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.nat(), async (params, pick) => {
      const paths = leaves(params);
      if (paths.length === 0) paths.push([]); // {} or []: replace the whole value
      const path = paths[pick % paths.length];
      const changed = setAt(params, path, mutateLeaf(getAt(params, path)));
      assert.notDeepEqual(await stageKey(spec(changed)), await stageKey(spec(params)));
    }),
    { numRuns: 200 },
  );
});
