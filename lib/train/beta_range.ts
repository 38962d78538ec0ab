/**
 * Beta range for annealing one class QUBO, sized from the problem rather than from its smallest
 * coefficient (neal's rule puts the cold end at 1e35 and beyond on these QUBOs, DESIGN.md 1.1).
 *
 * Hot end: an uphill move as large as the whole continuous decrease is accepted half the time.
 * Cold end: moving the most sensitive weight by 2^-coldPrecision of its box half-width (never
 * finer than one grid step) is accepted with probability 1/100.
 */
export function problemBetaRange(
  h: Float64Array,
  width: number,
  halfWidth: Float64Array,
  step: Float64Array,
  continuousDecrease: number,
  coldPrecision: number,
): [number, number] {
  let maxDiagonal = 0;
  for (let j = 0; j < width; j++) maxDiagonal = Math.max(maxDiagonal, h[j * width + j]);
  let smallestMove = Infinity;
  for (let j = 0; j < width; j++) {
    const curvature = h[j * width + j];
    if (!(curvature > maxDiagonal * 1e-9)) continue; // a constant feature: nothing to resolve
    const move = Math.max(halfWidth[j] * 2 ** -coldPrecision, step[j]);
    smallestMove = Math.min(smallestMove, 0.5 * curvature * move * move);
  }
  const scale = continuousDecrease > 0 ? continuousDecrease : smallestMove;
  if (!Number.isFinite(scale) || !(scale > 0)) return [1, 10];
  const hot = Math.LN2 / scale;
  const cold = Number.isFinite(smallestMove) && smallestMove > 0
    ? Math.log(100) / smallestMove
    : hot * 1e3;
  return [hot, Math.max(cold, hot * 10)];
}
