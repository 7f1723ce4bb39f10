/**
 * Polygon (lasso) shape strategy, even-odd rule: a pixel is inside when a ray from its centre
 * (x+0.5, y+0.5) to the right crosses the closed outline an odd number of times. Even-odd rather
 * than non-zero because a hand-drawn lasso that loops over itself should toggle, not double-fill
 * (and it matches the classic PNPOLY test). An edge counts at a row when exactly one of its ends
 * is strictly below the row centre (half-open), so shared vertices are counted once; a centre
 * lying exactly on a left edge is inside, on a right edge outside.
 */
import type { SpanVisitor } from './capsule.js';
import type { Point } from './types.js';

export function polygonSpans(points: readonly Point[], width: number, height: number, visit: SpanVisitor): void {
  const n = points.length;
  if (n < 3) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new RangeError('polygon points must be finite');
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  // Edges sorted by top, swept with an active list: O(rows x active edges), not rows x all edges.
  const edges = [];
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const pi = points[i]!;
    const pj = points[j]!;
    if (pi.y === pj.y) continue; // horizontal edges never cross a row centre under the half-open rule
    edges.push({ xi: pi.x, yi: pi.y, xj: pj.x, yj: pj.y, top: Math.min(pi.y, pj.y), bottom: Math.max(pi.y, pj.y) });
  }
  edges.sort((e, f) => e.top - f.top);

  const yStart = Math.max(0, Math.floor(minY - 0.5));
  const yEnd = Math.min(height - 1, Math.ceil(maxY - 0.5));
  let active: typeof edges = [];
  let next = 0;
  const crossings: number[] = [];
  for (let y = yStart; y <= yEnd; y++) {
    const cy = y + 0.5;
    while (next < edges.length && edges[next]!.top <= cy) active.push(edges[next++]!);
    active = active.filter((e) => e.bottom > cy);
    crossings.length = 0;
    for (const e of active) {
      if (e.yi > cy !== e.yj > cy) crossings.push(((e.xj - e.xi) * (cy - e.yi)) / (e.yj - e.yi) + e.xi);
    }
    if (crossings.length < 2) continue;
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const xa = crossings[k]!;
      const xb = crossings[k + 1]!;
      // Inside when xa <= x+0.5 < xb.
      let x0 = Math.ceil(xa - 0.5);
      if (x0 + 0.5 < xa) x0++;
      while (x0 - 1 + 0.5 >= xa) x0--;
      let x1 = Math.ceil(xb - 0.5) - 1;
      if (x1 + 0.5 >= xb) x1--;
      while (x1 + 1 + 0.5 < xb) x1++;
      if (x0 <= 0) x0 = 0; // also turns Math.ceil's -0 into 0
      if (x1 > width - 1) x1 = width - 1;
      if (x0 <= x1) visit(y, x0, x1);
    }
  }
}
