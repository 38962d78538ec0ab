/**
 * K-bit offset-binary encoding of one class's weight vector (DESIGN.md section 1):
 * w_j = lower_j + step_j * sum_{k<K} 2^k b_{k,j}. Variables are ordered bit-plane major,
 * index = k * width + j, so the QUBO shows K x K blocks scaled by 2^(k+l).
 */
export interface Box {
  /** Bits per weight K. */
  readonly bits: number;
  /** Lowest grid value of each weight. */
  readonly lower: Float64Array;
  /** Grid spacing of each weight. */
  readonly step: Float64Array;
}

/**
 * Trust box centred on `center`: the grid is w = center + step * (m - 2^(K-1)), m in [0, 2^K),
 * with step = halfWidth / 2^(K-1). The current weights are exactly representable (m = 2^(K-1),
 * only the top bit set), so "do not move" is always a candidate and a good initial state.
 */
export function trustBox(center: Float64Array, halfWidth: Float64Array, bits: number): Box {
  const width = center.length;
  const lower = new Float64Array(width);
  const step = new Float64Array(width);
  const half = 2 ** (bits - 1);
  for (let j = 0; j < width; j++) {
    step[j] = halfWidth[j] / half;
    lower[j] = center[j] - halfWidth[j];
  }
  return { bits, lower, step };
}

/** The paper's fixed box [-R, R] with 2^K evenly spaced levels for every weight. */
export function fixedBox(width: number, radius: number, bits: number): Box {
  const lower = new Float64Array(width).fill(-radius);
  const step = new Float64Array(width).fill((2 * radius) / (2 ** bits - 1));
  return { bits, lower, step };
}

/** Number of binary variables of a box: width * K. */
export function boxVariables(box: Box): number {
  return box.lower.length * box.bits;
}

/** Weights represented by a bit string (bit-plane major). */
export function decodeWeights(box: Box, bits: Uint8Array): Float64Array {
  const width = box.lower.length;
  const w = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    let level = 0;
    let scale = 1;
    for (let k = 0; k < box.bits; k++) {
      if (bits[k * width + j]) level += scale;
      scale *= 2;
    }
    w[j] = box.lower[j] + box.step[j] * level;
  }
  return w;
}

/** Bit string of the grid point nearest to w (clamped into the box). */
export function encodeWeights(box: Box, w: Float64Array): Uint8Array {
  const width = box.lower.length;
  const top = 2 ** box.bits - 1;
  const bits = new Uint8Array(width * box.bits);
  for (let j = 0; j < width; j++) {
    const raw = box.step[j] > 0 ? Math.round((w[j] - box.lower[j]) / box.step[j]) : 0;
    let level = Math.min(top, Math.max(0, raw));
    for (let k = 0; k < box.bits; k++) {
      bits[k * width + j] = level % 2;
      level = Math.floor(level / 2);
    }
  }
  return bits;
}
