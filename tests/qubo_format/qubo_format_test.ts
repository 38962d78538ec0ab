import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { type Qubo, quboEnergy } from "../../lib/qubo.ts";
import {
  detectQuboFormat,
  quboArtifact,
  quboFromArtifact,
  readCooJson,
  readQbsolv,
  readQuboFile,
  writeCooJson,
  writeQbsolv,
  writeQubo,
} from "../../lib/qubo_format.ts";
import { isUserError } from "../../lib/errors.ts";

/** A symmetric QUBO from upper-triangle values (row-major i <= j). */
function fromUpper(n: number, upper: number[], offset = 0): Qubo {
  const q = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      q[i * n + j] = upper[k];
      q[j * n + i] = upper[k++];
    }
  }
  return { n, q, offset };
}

const SMALL = fromUpper(3, [1.5, -0.25, 0, 2, 0.1, -3], 0.5);

function userError(message: string): (error: unknown) => boolean {
  return (error) => {
    if (isUserError(error) && error.message === message) return true;
    throw new Error(`expected UserError "${message}", got ${String(error)}`);
  };
}

Deno.test("writeQbsolv writes the qbsolv layout, couplers doubled, offset as a comment", () => {
  assert.equal(
    writeQbsolv(SMALL, ["from the test"]),
    [
      "c from the test",
      "c E(b) = sum of node values b_i + sum of coupler values b_i b_j + offset",
      "c offset 0.5",
      "p qubo 0 3 3 2",
      "0 0 1.5",
      "1 1 2",
      "2 2 -3",
      "0 1 -0.5",
      "1 2 0.2",
      "",
    ].join("\n"),
  );
});

Deno.test("readQbsolv reads the qbsolv README example", () => {
  const text = `c
c  This is a sample .qubo file
c  with 4 nodes and 6 couplers
c
p  qubo  0  4  4  6
c ------------------
0  0   3.4
1  1   4.5
2  2   2.1
3  3   -2.4
c ------------------
0  1   2.2
0  2   3.4
1  2   4.5
0  3   -2
1  3   4.5678
2  3   -3.22
`;
  const qubo = readQbsolv(text, "example.qubo");
  assert.equal(qubo.n, 4);
  assert.equal(qubo.offset, 0);
  // E(1111) = sum of every value in the file.
  const all = 3.4 + 4.5 + 2.1 - 2.4 + 2.2 + 3.4 + 4.5 - 2 + 4.5678 - 3.22;
  assert.ok(Math.abs(quboEnergy(qubo, Uint8Array.of(1, 1, 1, 1)) - all) < 1e-12);
  assert.equal(quboEnergy(qubo, Uint8Array.of(1, 0, 0, 1)), 3.4 - 2.4 - 2);
  assert.equal(qubo.q[0 * 4 + 3], -1);
  assert.equal(qubo.q[3 * 4 + 0], -1);
});

Deno.test("writeCooJson writes the documented JSON COO layout", () => {
  const text = writeCooJson(SMALL);
  assert.equal(
    text,
    `{
  "format": "qubo-coo",
  "version": 1,
  "n": 3,
  "offset": 0.5,
  "linear": [
    [0, 1.5],
    [1, 2],
    [2, -3]
  ],
  "quadratic": [
    [0, 1, -0.5],
    [1, 2, 0.2]
  ]
}
`,
  );
  assert.deepEqual(JSON.parse(text).quadratic, [[0, 1, -0.5], [1, 2, 0.2]]);
  assert.equal(
    writeCooJson({ n: 2, q: new Float64Array(4), offset: 0 }).includes('"linear": []'),
    true,
  );
});

Deno.test("property: qbsolv and JSON round trips are exact, energies included", () => {
  const value = fc.oneof(
    fc.constant(0),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).filter((v) =>
      !Object.is(v, -0)
    ),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 9 }).chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(value, { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 }),
          value,
        )
      ),
      ([n, upper, offset]) => {
        const qubo = fromUpper(n, upper, offset);
        for (
          const back of [
            readQbsolv(writeQbsolv(qubo), "x.qubo"),
            readCooJson(writeCooJson(qubo), "x.json"),
          ]
        ) {
          assert.equal(back.n, n);
          assert.equal(back.offset, offset);
          assert.deepEqual(back.q, qubo.q);
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("round trip keeps energies of a 20-bit-scale QUBO exactly", () => {
  const n = 6;
  const upper = Array.from({ length: 21 }, (_, k) => (k % 2 ? -1 : 1) * 2 ** (k * 1.9) / 3);
  const qubo = fromUpper(n, upper, -12.75);
  for (const format of ["qbsolv", "json"] as const) {
    const back = format === "json"
      ? readCooJson(writeQubo(qubo, format), "x")
      : readQbsolv(writeQubo(qubo, format), "x");
    for (let b = 0; b < 2 ** n; b++) {
      const bits = Uint8Array.from({ length: n }, (_, i) => (b >> i) & 1);
      assert.equal(quboEnergy(back, bits), quboEnergy(qubo, bits));
    }
  }
});

Deno.test("readQbsolv: parse errors name file, line and what is wrong", () => {
  const head = "c offset 1\np qubo 0 3 2 1\n";
  const cases: [string, string][] = [
    [
      "0 0 1\n",
      'f.qubo:1: expected the program line "p qubo 0 <maxNodes> <nNodes> <nCouplers>" before any data, found "0 0 1".',
    ],
    [
      "p qubo 0 3 2\n",
      'f.qubo:1: the program line must read "p qubo <topology> <maxNodes> <nNodes> <nCouplers>", found "p qubo 0 3 2".',
    ],
    [
      "p ising 0 3 2 1\n",
      'f.qubo:1: the program line must read "p qubo <topology> <maxNodes> <nNodes> <nCouplers>", found "p ising 0 3 2 1".',
    ],
    [
      "p qubo 0 3 -2 1\n",
      'f.qubo:1: maxNodes, nNodes and nCouplers must be non-negative integers, found "p qubo 0 3 -2 1".',
    ],
    ["p qubo 0 3 4 1\n", "f.qubo:1: nNodes 4 is more than maxNodes 3."],
    ["p qubo 0 3 3 4\n", "f.qubo:1: nCouplers 4 is more than the 3 pairs of 3 nodes."],
    [
      "p qubo 0 20000 0 0\n",
      "f.qubo:1: maxNodes 20000 is more than the 16384 variables a dense QUBO here can hold.",
    ],
    [head + "0 0 1\n1 1 x\n", 'f.qubo:4: "x" is not a finite number.'],
    [head + "0 0 1\n1 1 0x10\n", 'f.qubo:4: "0x10" is not a finite number.'],
    [head + "0 0 nan\n", 'f.qubo:3: "nan" is not a finite number.'],
    [head + "0 0 1 2\n", 'f.qubo:3: expected "i j value" (three fields), found "0 0 1 2".'],
    [head + "0 -1 1\n", 'f.qubo:3: node numbers must be non-negative integers, found "0 -1".'],
    [head + "0 3 1\n", "f.qubo:3: node 3 is out of range: maxNodes is 3, so nodes are 0 to 2."],
    [head + "2 1 1\n", 'f.qubo:3: coupler 2 1 has i > j: write it as "1 2 1" (i < j).'],
    [head + "0 0 1\n0 0 2\n", "f.qubo:4: node 0 is given twice: give each node once."],
    [
      head + "0 0 1\n1 1 1\n2 2 1\n",
      "f.qubo:5: more node lines than the 2 the program line declares.",
    ],
    [head + "0 1 1\n0 1 1\n", "f.qubo:4: coupler 0 1 is given twice: give each coupler once."],
    [head + "0 1 1\n1 2 1\n", "f.qubo:4: more coupler lines than the 1 the program line declares."],
    [head + "p qubo 0 3 2 1\n", "f.qubo:3: a second program line: the first is on line 2."],
    [head + "c offset 2\n", 'f.qubo:3: the offset is given twice: keep one "c offset" line.'],
    ["c offset one\n", 'f.qubo:1: the offset comment needs one finite number, found "one".'],
    [
      head + "0 0 1\n",
      "f.qubo:2: the program line declares 2 nodes and 1 couplers, but the file has 1 and 0: the file is incomplete or its program line is wrong.",
    ],
    [
      "c only comments\n",
      'f.qubo: no program line "p qubo 0 <maxNodes> <nNodes> <nCouplers>" found: is this a qbsolv .qubo file?',
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => readQbsolv(text, "f.qubo"), userError(message), text);
  }
  // CRLF line ends, blank lines and upper-case C/P are accepted.
  const ok = readQbsolv("C hi\r\n\r\nP qubo 0 2 1 0\r\n1 1 -4\r\n", "f.qubo");
  assert.deepEqual([...ok.q], [0, 0, 0, -4]);
});

Deno.test("readCooJson: errors name file, field and what is wrong", () => {
  const doc = (fields: Record<string, unknown>) =>
    JSON.stringify({
      format: "qubo-coo",
      version: 1,
      n: 3,
      offset: 0,
      linear: [],
      quadratic: [],
      ...fields,
    });
  const cases: [string, string][] = [
    ["[1]", 'f.json: expected a JSON object with "format": "qubo-coo".'],
    [doc({ format: "bqm" }), 'f.json: "format" is "bqm", expected "qubo-coo".'],
    [doc({ version: 2 }), 'f.json: "version" is 2; this build reads version 1.'],
    [doc({ n: -1 }), 'f.json: "n" is -1: give the number of variables, a non-negative integer.'],
    [
      doc({ n: 1e9 }),
      'f.json: "n" is 1000000000, more than the 16384 variables a dense QUBO here can hold.',
    ],
    [doc({ offset: "1" }), 'f.json: "offset" is "1": give a finite number (or leave it out).'],
    [
      doc({ extra: 1 }),
      'f.json: unknown field "extra": the fields are format, version, n, offset, linear, quadratic.',
    ],
    [doc({ linear: {} }), 'f.json: "linear" must be an array of [i, v] terms.'],
    [doc({ linear: [[0, 1, 2]] }), "f.json: linear[0] is [0,1,2]: write each term as [i, value]."],
    [doc({ linear: [[3, 1]] }), "f.json: linear[0][0] is 3: variables are integers 0 to 2."],
    [doc({ linear: [[1.5, 1]] }), "f.json: linear[0][0] is 1.5: variables are integers 0 to 2."],
    [doc({ linear: [[0, "2"]] }), 'f.json: linear[0][1] is "2": give a finite number.'],
    [
      doc({ linear: [[0, 1], [0, 2]] }),
      "f.json: linear[1] repeats variable 0: give each variable once.",
    ],
    [
      doc({ quadratic: [[1, 0, 2]] }),
      'f.json: quadratic[0] is [1,0,2]: write each pair once with i < j (a term on one variable belongs in "linear").',
    ],
    [
      doc({ quadratic: [[0, 1, 2], [0, 1, 3]] }),
      "f.json: quadratic[1] repeats the pair 0, 1: give each pair once.",
    ],
    [doc({ quadratic: [[0, 1, null]] }), "f.json: quadratic[0][2] is null: give a finite number."],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => readCooJson(text, "f.json"), userError(message), text);
  }
  assert.throws(
    () => readCooJson('{"format": ', "f.json"),
    (e: unknown) =>
      isUserError(e) && /^f\.json: not valid JSON \(.+\): fix the syntax\.$/.test(e.message),
  );
  // offset, linear and quadratic may be left out.
  const minimal = readCooJson('{"format":"qubo-coo","version":1,"n":2}', "f.json");
  assert.deepEqual([minimal.n, minimal.offset, [...minimal.q]], [2, 0, [0, 0, 0, 0]]);
});

Deno.test("readQuboFile detects the format and reports a missing file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qcnn-qubo-" });
  const files: [string, string][] = [
    ["a.qubo", writeQbsolv(SMALL)],
    ["a.json", writeCooJson(SMALL)],
    ["a.txt", writeCooJson(SMALL)],
    ["b.txt", writeQbsolv(SMALL)],
  ];
  for (const [name, text] of files) {
    await Deno.writeTextFile(join(dir, name), text);
    const back = await readQuboFile(join(dir, name));
    assert.deepEqual(back.q, SMALL.q);
    assert.equal(back.offset, 0.5);
  }
  assert.equal(detectQuboFormat("x.QUBO", "{"), "qbsolv");
  assert.equal(detectQuboFormat("x", "  {"), "json");
  const missing = join(dir, "none.qubo");
  await assert.rejects(
    () => readQuboFile(missing),
    userError(`QUBO file "${missing}" does not exist: check the path.`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("quboArtifact and quboFromArtifact round trip; a non-QUBO artifact is refused", () => {
  const artifact = quboArtifact(SMALL, { classIndex: 2 });
  assert.deepEqual(artifact.meta, { classIndex: 2, n: 3, offset: 0.5 });
  const back = quboFromArtifact(artifact, "cache entry 3f2a...");
  assert.equal(back.q, SMALL.q);
  assert.throws(
    () => quboFromArtifact({ meta: {}, arrays: {} }, "cache entry 3f2a..."),
    userError("cache entry 3f2a... has meta.n = undefined: it is not a QUBO artifact."),
  );
  assert.throws(
    () => quboFromArtifact({ meta: { n: 2 }, arrays: { q: new Float64Array(3) } }, "E"),
    userError('E has no Float64Array "q" of 2 x 2 entries: it is not a QUBO artifact.'),
  );
  assert.throws(
    () => quboFromArtifact({ meta: { n: 2 }, arrays: { q: Float64Array.of(0, 1, 2, 0) } }, "E"),
    userError(
      "E holds a matrix that is not symmetric (entry 0,1 differs from 1,0): re-run the stage that wrote it.",
    ),
  );
});
