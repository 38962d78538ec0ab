import { assert, assertClose } from "../helpers/assert.ts";
import fc from "fast-check";
import { quboEnergy } from "../../lib/qubo.ts";
import { SeededRandom } from "../../lib/random.ts";
import { buildClassQubo } from "../../lib/train/class_qubo.ts";
import { decodeWeights, encodeWeights, fixedBox, trustBox } from "../../lib/train/encoding.ts";
import { surrogateCurvature, surrogateValue } from "../../lib/train/surrogate.ts";

/** A random positive semi-definite Gram matrix G = A^T A / m. */
function randomGram(width: number, random: SeededRandom): Float64Array {
  const rows = width + 3;
  const a = Float64Array.from({ length: rows * width }, () => random.normal());
  const g = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) {
        g[i * width + j] += (a[r * width + i] * a[r * width + j]) / rows;
      }
    }
  }
  return g;
}

function randomVector(width: number, random: SeededRandom, scale = 1): Float64Array {
  return Float64Array.from({ length: width }, () => random.normal() * scale);
}

Deno.test("QUBO energy equals the surrogate of the decoded weights for random bit strings", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 20 }),
      fc.constantFrom("trust", "fixed"),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (width, bits, policy, seed) => {
        const random = new SeededRandom(seed);
        const h = surrogateCurvature(randomGram(width, random), width, 0.5, 0.01);
        const gradient = randomVector(width, random);
        const center = randomVector(width, random, 0.5);
        const halfWidth = randomVector(width, random).map(Math.abs).map((v) => v + 0.01);
        const box = policy === "trust"
          ? trustBox(center, halfWidth, bits)
          : fixedBox(width, 4, bits);
        const qubo = buildClassQubo(h, width, gradient, center, box);
        assert.deepStrictEqual(qubo.n, width * bits);
        for (let trial = 0; trial < 5; trial++) {
          const b = Uint8Array.from({ length: qubo.n }, () => (random.next() < 0.5 ? 1 : 0));
          const w = decodeWeights(box, b);
          const delta = w.map((v, j) => v - center[j]);
          const expected = surrogateValue(h, width, gradient, delta);
          const scale = 1 + Math.abs(expected) + Math.abs(qubo.offset);
          assertClose(quboEnergy(qubo, b), expected, 1e-9 * scale);
        }
      },
    ),
    { numRuns: 60 },
  );
});

Deno.test("the QUBO is symmetric and its K x K blocks are the first block scaled by 2^(k+l)", () => {
  const random = new SeededRandom(7);
  const width = 4;
  const bits = 3;
  const h = surrogateCurvature(randomGram(width, random), width, 0.5, 0);
  const box = fixedBox(width, 2, bits);
  const qubo = buildClassQubo(h, width, new Float64Array(width), new Float64Array(width), box);
  const n = qubo.n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) assert.deepStrictEqual(qubo.q[i * n + j], qubo.q[j * n + i]);
  }
  // Off-diagonal entries of block (k, l) = 2^(k+l) * block (0, 0).
  for (let k = 0; k < bits; k++) {
    for (let l = 0; l < bits; l++) {
      for (let i = 0; i < width; i++) {
        for (let j = 0; j < width; j++) {
          if (i === j) continue; // diagonal of block (0,0) also holds the linear term
          const base = qubo.q[i * n + j] * 2 ** (k + l);
          assertClose(
            qubo.q[(k * width + i) * n + l * width + j],
            base,
            1e-12 * Math.abs(base) + 1e-15,
          );
        }
      }
    }
  }
});

Deno.test("encoding round trips every grid point and clamps outside the box", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 24 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (bits, seed) => {
        const random = new SeededRandom(seed);
        const width = 3;
        const center = randomVector(width, random);
        const halfWidth = randomVector(width, random).map((v) => Math.abs(v) + 0.1);
        const box = trustBox(center, halfWidth, bits);
        const b = Uint8Array.from({ length: width * bits }, () => (random.next() < 0.5 ? 1 : 0));
        assert.deepStrictEqual(encodeWeights(box, decodeWeights(box, b)), b);
        // The centre ("do not move") is exactly representable: only the top bit set.
        const stay = encodeWeights(box, center);
        const decodedStay = decodeWeights(box, stay);
        for (let j = 0; j < width; j++) {
          assertClose(
            decodedStay[j],
            center[j],
            1e-12 * (1 + halfWidth[j]),
          );
        }
        for (let j = 0; j < width; j++) {
          for (let k = 0; k < bits; k++) {
            assert.deepStrictEqual(
              stay[k * width + j],
              k === bits - 1 ? 1 : 0,
            );
          }
        }
        const far = center.map((v, j) => v + 10 * halfWidth[j]);
        const clamped = decodeWeights(box, encodeWeights(box, far));
        for (let j = 0; j < width; j++) {
          assert(
            clamped[j] <= center[j] + halfWidth[j] * (1 + 1e-12),
          );
        }
      },
    ),
    { numRuns: 100 },
  );
});

Deno.test("fixed box spans [-R, R] with 2^K levels", () => {
  const box = fixedBox(2, 4, 5);
  assert.deepStrictEqual(Array.from(decodeWeights(box, new Uint8Array(10))), [-4, -4]);
  assert.deepStrictEqual(Array.from(decodeWeights(box, new Uint8Array(10).fill(1))), [4, 4]);
});
