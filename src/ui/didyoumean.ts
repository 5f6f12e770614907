/** "Did you mean …?" for a mistyped command, option or cause id: the closest known word, if it is close enough. */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions: `dignose`, `--jsno`). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[m][n];
}

/**
 * The known word closest to `word`: within a third of its length (at least 1, at most 3 edits), or the only known
 * word it is a prefix of (`diag` → `diagnose`). Undefined when nothing is close: no guess beats a wrong guess.
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (!w) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(w, k.toLowerCase());
    if (dist < bestD) {
      best = k;
      bestD = dist;
    }
  }
  if (bestD === 0) return undefined; // not a typo
  const allowed = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  if (best !== undefined && bestD > 0 && bestD <= allowed) return best;
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(w));
  return w.length >= 3 && prefixed.length === 1 ? prefixed[0] : undefined;
}
