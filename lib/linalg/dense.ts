/** Small dense helpers on row-major Float64Arrays, written for the sizes we meet (d <= ~3000). */

/** y = A x for A (rows x cols). */
export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += a[row + j] * x[j];
    y[i] = sum;
  }
  return y;
}

/** x . y */
export function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** x^T A x for symmetric A (size x size). */
export function quadraticForm(a: Float64Array, size: number, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const row = i * size;
    let inner = 0;
    for (let j = 0; j < size; j++) inner += a[row + j] * x[j];
    sum += x[i] * inner;
  }
  return sum;
}
