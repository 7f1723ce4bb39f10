/**
 * The figures of `bench --suite ranking`: how well an uncertainty score orders cases by how bad
 * their masks are. Spearman's rank correlation (ties get their mean rank) and the share of the
 * k worst cases that the score's top k holds.
 */

/** Ranks 1..n of the values, ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const mean = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) out[order[j]!.i] = mean;
    start = end + 1;
  }
  return out;
}

/** Spearman's rho: Pearson's correlation of the ranks; NaN when either side is constant or n < 2. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} values against ${y.length}`);
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mean) * (ry[i]! - mean);
    sxx += (rx[i]! - mean) ** 2;
    syy += (ry[i]! - mean) ** 2;
  }
  return n < 2 || sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Share of the k cases with the highest `badness` that are among the k with the highest `score` (ties by index). */
export function topShare(score: readonly number[], badness: readonly number[], k: number): number {
  const top = (values: readonly number[]) =>
    new Set(
      values
        .map((v, i) => ({ v, i }))
        .sort((a, b) => b.v - a.v || a.i - b.i)
        .slice(0, k)
        .map((e) => e.i),
    );
  const worst = top(badness);
  const flagged = top(score);
  let both = 0;
  for (const i of worst) if (flagged.has(i)) both++;
  return both / Math.min(k, badness.length);
}
