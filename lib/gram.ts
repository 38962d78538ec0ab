/**
 * The feature Gram matrix G = X^T X / N, the fixed curvature of every surrogate.
 * Accumulates the upper triangle sample by sample (cache-friendly for row-major X), then mirrors.
 */
export function gramMatrix(x: Float64Array, count: number, width: number): Float64Array {
  const g = new Float64Array(width * width);
  for (let n = 0; n < count; n++) {
    const row = n * width;
    for (let i = 0; i < width; i++) {
      const xi = x[row + i];
      if (xi === 0) continue;
      const gi = i * width;
      for (let j = i; j < width; j++) g[gi + j] += xi * x[row + j];
    }
  }
  for (let i = 0; i < width; i++) {
    for (let j = i; j < width; j++) {
      const value = g[i * width + j] / count;
      g[i * width + j] = value;
      g[j * width + i] = value;
    }
  }
  return g;
}
