import { assert } from "../helpers/assert.ts";
import { addBlockGradient, blockScores, transposeInto } from "../../lib/linalg/row_block.ts";
import { SeededRandom } from "../../lib/random.ts";

function randomArray(random: SeededRandom, size: number): Float64Array {
  return Float64Array.from({ length: size }, () => (random.next() < 0.1 ? 0 : random.normal()));
}

Deno.test("blockScores and addBlockGradient round as the plain loops, with and without row lists", () => {
  const random = new SeededRandom(9);
  for (const [count, width, classes] of [[1, 3, 1], [6, 5, 3], [11, 8, 4], [4, 7, 10]]) {
    const total = count + 5;
    const x = randomArray(random, total * width);
    const weightsT = randomArray(random, classes * width);
    const residuals = randomArray(random, count * classes);
    const rows = random.shuffle(Uint32Array.from({ length: total }, (_, i) => i));
    for (const list of [undefined, rows]) {
      const first = 2;
      const rowOf = (b: number) => (list ? list[first + b] : first + b);
      const scores = new Float64Array(count * classes).fill(NaN);
      blockScores(x, width, first, count, weightsT, classes, scores, list);
      const gradientT = randomArray(random, classes * width);
      const expected = Float64Array.from(gradientT);
      addBlockGradient(x, width, first, count, residuals, classes, gradientT, list);
      for (let b = 0; b < count; b++) {
        for (let c = 0; c < classes; c++) {
          let sum = 0;
          for (let j = 0; j < width; j++) sum += x[rowOf(b) * width + j] * weightsT[c * width + j];
          assert.ok(Object.is(scores[b * classes + c], sum), `score ${b},${c}`);
          for (let j = 0; j < width; j++) {
            expected[c * width + j] += x[rowOf(b) * width + j] * residuals[b * classes + c];
          }
        }
      }
      assert.deepStrictEqual(gradientT, expected);
    }
  }
});

Deno.test("transposeInto swaps rows and columns", () => {
  const a = Float64Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepStrictEqual(
    transposeInto(a, 2, 3, new Float64Array(6)),
    Float64Array.from([1, 4, 2, 5, 3, 6]),
  );
});
