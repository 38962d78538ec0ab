/** xorshift128+ on 32-bit halves against an independent BigInt implementation. */
import assert from "node:assert/strict";
import { fillRandomBits, nextFloat, nextUint64, seedState } from "../../lib/random.ts";

const MASK = (1n << 64n) - 1n;

/** Reference xorshift128+ on BigInt (the definition neal's FASTRAND macro follows). */
function referenceStream(state: Int32Array, steps: number): bigint[] {
  const word = (hi: number, lo: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  let s0 = word(state[0], state[1]), s1 = word(state[2], state[3]);
  const out: bigint[] = [];
  for (let k = 0; k < steps; k++) {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & MASK;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    out.push((s1 + y) & MASK);
  }
  return out;
}

Deno.test("nextUint64 equals 64-bit xorshift128+ (rounded to double)", () => {
  for (const [seed, stream] of [[0, 0], [1, 0], [0xffffffff, 7], [12345, 99999]]) {
    const state = seedState(seed, stream);
    const expected = referenceStream(state, 1000);
    for (const value of expected) assert.equal(nextUint64(state), Number(value));
  }
});

Deno.test("fillRandomBits uses the exact 64 output bits, low word first", () => {
  const state = seedState(3, 1);
  const [first, second] = referenceStream(state, 2);
  const bits = new Uint8Array(100);
  fillRandomBits(state, bits);
  for (let k = 0; k < 64; k++) assert.equal(bits[k], Number((first >> BigInt(k)) & 1n));
  for (let k = 64; k < 100; k++) assert.equal(bits[k], Number((second >> BigInt(k - 64)) & 1n));
});

Deno.test("streams differ between seeds and between reads, and are reproducible", () => {
  const first = (seed: number, stream: number) => nextUint64(seedState(seed, stream));
  assert.equal(first(1, 0), first(1, 0));
  assert.notEqual(first(1, 0), first(2, 0));
  assert.notEqual(first(1, 0), first(1, 1));
});

Deno.test("nextFloat is in [0, 1) with mean near 1/2", () => {
  const state = seedState(9);
  let sum = 0;
  for (let k = 0; k < 20000; k++) {
    const u = nextFloat(state);
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
});
