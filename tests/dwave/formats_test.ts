import { deepStrictEqual as assertEquals } from "node:assert";
import {
  couplerKey,
  decodeQpAnswer,
  decodeQpProblem,
  encodeQpProblem,
  packQpSolutions,
} from "../../samplers/dwave/qp_format.ts";
import { decodeBqAnswer, encodeBqAnswer } from "../../samplers/dwave/bq_format.ts";
import { isingEnergy, quboToIsing } from "../../samplers/dwave/ising.ts";
import { makeQubo, quboEnergy } from "../../lib/qubo.ts";

Deno.test("qp problem encoding matches SAPI.md's test vector", () => {
  const qubits = [0, 1, 2, 3];
  const couplers: [number, number][] = [[0, 1], [1, 2], [2, 3], [0, 3]];
  const problem = { h: new Map([[0, 1], [1, 1]]), j: new Map([[couplerKey(0, 1), -1]]) };
  const data = encodeQpProblem(problem, qubits, couplers);
  assertEquals(data.lin, "AAAAAAAA8D8AAAAAAADwPwAAAAAAAPh/AAAAAAAA+H8=");
  assertEquals(data.quad, "AAAAAAAA8L8=");
  const back = decodeQpProblem(data, qubits, couplers);
  assertEquals([...back.h], [[0, 1], [1, 1]]);
  assertEquals([...back.j], [[couplerKey(0, 1), -1]]);
});

Deno.test("qp answer: D-Wave's published example decodes MSB-first", () => {
  const answer = decodeQpAnswer({
    format: "qp",
    num_variables: 5760,
    active_variables: "HgAAAB8AAAA=",
    solutions: "AMA=",
    energies: "AAAAAAAA8L8AAAAAAADwvw==",
    num_occurrences: "BgAAAAQAAAA=",
    timing: { qpu_access_time: 15831.76 },
  }, "ising");
  assertEquals(Array.from(answer.activeVariables), [30, 31]);
  assertEquals(Array.from(answer.solutions), [-1, -1, 1, 1]);
  assertEquals(Array.from(answer.energies), [-1, -1]);
  assertEquals(Array.from(answer.numOccurrences), [6, 4]);
  // E = -0.5 x + 0.5 y - x y in spins: both rows have energy -1.
  for (let r = 0; r < 2; r++) {
    const [x, y] = answer.solutions.subarray(2 * r, 2 * r + 2);
    assertEquals(-0.5 * x + 0.5 * y - x * y, -1);
  }
});

Deno.test("qp packing of 10-bit solutions gives the published bytes", () => {
  const rows = [1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
  assertEquals(packQpSolutions(rows, 2, 10), "gcBAQA==");
});

Deno.test("bq answer: the SAPI.md example decodes LSB-first and round-trips", () => {
  const data = {
    format: "bq",
    data: {
      type: "SampleSet",
      version: { sampleset_schema: "3.2.0" },
      num_variables: 3,
      num_rows: 2,
      sample_data: { type: "array", data: [[5], [1]], data_type: "uint32", shape: [2, 1] },
      sample_type: "int8",
      sample_packed: true,
      vectors: {
        energy: { type: "array", data: [-1.75, -0.25], data_type: "float64", shape: [2] },
        num_occurrences: { type: "array", data: [1, 1], data_type: "int64", shape: [2] },
      },
      variable_labels: [0, 1, 2],
      variable_type: "BINARY",
      info: { qpu_access_time: 31890, charge_time: 3000000, run_time: 2997845 },
    },
  };
  const answer = decodeBqAnswer(data);
  assertEquals(Array.from(answer.samples), [1, 0, 1, 1, 0, 0]);
  assertEquals(Array.from(answer.energies), [-1.75, -0.25]);
  assertEquals(answer.info.charge_time, 3000000);
  const qubo = makeQubo(3, Float64Array.from([-1, 0.75, -1, 0.75, 2, 0.125, -1, 0.125, 0.5]), 0.75);
  assertEquals(quboEnergy(qubo, Uint8Array.from([1, 0, 1])), -1.75);
  assertEquals(quboEnergy(qubo, Uint8Array.from([1, 0, 0])), -0.25);
  // Words beyond 32 variables: v32 and v34 set -> second word 5; v31 -> 2^31.
  const wide = new Int8Array(35);
  wide[31] = 1;
  wide[32] = 1;
  wide[34] = 1;
  const encoded = encodeBqAnswer(wide, 1, 35, [0], {});
  const sampleData = (encoded.data as { sample_data: { data: number[][] } }).sample_data;
  assertEquals(sampleData.data, [[2147483648, 5]]);
  assertEquals(Array.from(decodeBqAnswer(encoded).samples), Array.from(wide));
});

Deno.test("quboToIsing reproduces the auto_scale worked example and keeps energies", () => {
  // Q = {(1,1):2, (2,2):1.5, (3,3):-0.5, (4,4):-1, (1,2):2, (1,3):1.5, (1,4):2} (upper form).
  const q = new Float64Array(16);
  const set = (i: number, j: number, v: number) => {
    if (i === j) q[i * 4 + i] = v;
    else q[i * 4 + j] = q[j * 4 + i] = v / 2;
  };
  set(0, 0, 2), set(1, 1, 1.5), set(2, 2, -0.5), set(3, 3, -1);
  set(0, 1, 2), set(0, 2, 1.5), set(0, 3, 2);
  const qubo = makeQubo(4, q);
  const ising = quboToIsing(qubo);
  assertEquals(Array.from(ising.h), [2.375, 1.25, 0.125, 0]);
  assertEquals([ising.j[1], ising.j[2], ising.j[3]], [0.5, 0.375, 0.5]);
  assertEquals(ising.offset, 2.375);
  for (let code = 0; code < 16; code++) {
    const bits = Uint8Array.from({ length: 4 }, (_, i) => (code >> i) & 1);
    const spins = Int8Array.from(bits, (b) => 2 * b - 1);
    assertEquals(isingEnergy(ising, spins), quboEnergy(qubo, bits));
  }
});
