/**
 * Brush shape strategy: the capsule swept by a disc of `radius` moving from a to b (a disc when
 * a = b). Stamping the whole capsule per pointer move leaves no gaps however fast the pointer
 * moves. A pixel is inside when its centre (x+0.5, y+0.5) is within `radius` of segment ab,
 * boundary included; `insideCapsule` is that rule and the row spans below agree with it exactly.
 */
import type { Point } from './types.js';

/** Receives one row's inside pixels x0..x1 (inclusive, already clipped to the image). */
export type SpanVisitor = (y: number, x0: number, x1: number) => void;

/** Squared distance from (px, py) to segment a-(a+d); `len2` = |d|^2 (0 for a point). */
function distance2ToSegment(px: number, py: number, ax: number, ay: number, dx: number, dy: number, len2: number): number {
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** The inside rule for pixel (x, y): its centre within `radius` of segment ab. */
export function insideCapsule(x: number, y: number, a: Point, b: Point, radius: number): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  return distance2ToSegment(x + 0.5, y + 0.5, a.x, a.y, dx, dy, dx * dx + dy * dy) <= radius * radius;
}

/**
 * Visits the capsule's pixels row by row. The row interval is solved in closed form (the capsule
 * is convex, so each row is one interval: the union of both end discs and the swept band) and
 * then its ends are nudged with `insideCapsule`, so rounding never disagrees with the rule.
 */
export function capsuleSpans(a: Point, b: Point, radius: number, width: number, height: number, visit: SpanVisitor): void {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const len = Math.sqrt(len2);
  const r2 = radius * radius;
  const inside = (x: number, cy: number): boolean => distance2ToSegment(x + 0.5, cy, a.x, a.y, dx, dy, len2) <= r2;

  const yStart = Math.max(0, Math.floor(Math.min(a.y, b.y) - radius - 0.5));
  const yEnd = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + radius - 0.5));
  for (let y = yStart; y <= yEnd; y++) {
    const cy = y + 0.5;
    let lo = Infinity;
    let hi = -Infinity;
    // End discs (no array literal here: this runs per row of every pointer move).
    const ha = r2 - (cy - a.y) * (cy - a.y);
    if (ha >= 0) {
      const h = Math.sqrt(ha);
      lo = a.x - h;
      hi = a.x + h;
    }
    const hb = r2 - (cy - b.y) * (cy - b.y);
    if (hb >= 0) {
      const h = Math.sqrt(hb);
      if (b.x - h < lo) lo = b.x - h;
      if (b.x + h > hi) hi = b.x + h;
    }
    // Swept band: 0 <= projection <= len2 and |perpendicular| <= radius*len, both linear in x.
    if (len2 > 0) {
      const v = cy - a.y;
      let bLo = -Infinity;
      let bHi = Infinity;
      if (dx !== 0) {
        const u1 = (-v * dy) / dx;
        const u2 = (len2 - v * dy) / dx;
        bLo = Math.max(bLo, Math.min(u1, u2));
        bHi = Math.min(bHi, Math.max(u1, u2));
      } else if (v * dy < 0 || v * dy > len2) {
        bHi = -Infinity;
      }
      if (dy !== 0) {
        const u1 = (v * dx - radius * len) / dy;
        const u2 = (v * dx + radius * len) / dy;
        bLo = Math.max(bLo, Math.min(u1, u2));
        bHi = Math.min(bHi, Math.max(u1, u2));
      } else if (Math.abs(v * dx) > radius * len) {
        bHi = -Infinity;
      }
      if (bLo <= bHi) {
        if (a.x + bLo < lo) lo = a.x + bLo;
        if (a.x + bHi > hi) hi = a.x + bHi;
      }
    }
    if (lo > hi) continue;
    let x0 = Math.ceil(lo - 0.5);
    let x1 = Math.floor(hi - 0.5);
    // Nudge the ends onto the exact rule (float rounding at the boundary).
    while (x0 <= x1 && !inside(x0, cy)) x0++;
    while (inside(x0 - 1, cy)) x0--;
    while (x1 >= x0 && !inside(x1, cy)) x1--;
    while (x1 >= x0 && inside(x1 + 1, cy)) x1++;
    if (x0 > x1) continue;
    if (x0 <= 0) x0 = 0; // also turns Math.ceil's -0 into 0
    if (x1 > width - 1) x1 = width - 1;
    if (x0 <= x1) visit(y, x0, x1);
  }
}
