/** "Did you mean" suggestions for misspelt keys, enum values and paths. */

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions, each
 * substring edited at most once): insertions, deletions, substitutions and swaps cost 1.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  // Three rolling rows: transpositions look two rows back.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      row[j] = d;
    }
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[n];
}

/**
 * The candidate closest to `word` (case-insensitively), if it is within `maxDistance` edits and
 * closer than the word's own length (so "x" does not suggest "K"); the first one on ties.
 */
export function suggest(
  word: string,
  candidates: readonly string[],
  maxDistance = 2,
): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= maxDistance && bestDistance < word.length ? best : undefined;
}
