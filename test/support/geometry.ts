/**
 * Brute-force reference geometry, written from the definitions (pixel (x, y) is hit at its
 * centre (x + 0.5, y + 0.5)), independent of the editor's span-based implementation.
 */
export interface Pt {
  x: number;
  y: number;
}

function distanceToSegment(px: number, py: number, a: Pt, b: Pt): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len2));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** Indices of pixels whose centre lies within `radius` of the segment a-b. */
export function capsulePixels(a: Pt, b: Pt, radius: number, width: number, height: number): Set<number> {
  const out = new Set<number>();
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - radius - 1));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + radius + 1));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - radius - 1));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + radius + 1));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) if (distanceToSegment(x + 0.5, y + 0.5, a, b) <= radius) out.add(y * width + x);
  }
  return out;
}

/** Indices of pixels whose centre is inside the polygon by the even-odd rule. */
export function polygonPixels(points: readonly Pt[], width: number, height: number): Set<number> {
  const out = new Set<number>();
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    for (let x = 0; x < width; x++) {
      const cx = x + 0.5;
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const pi = points[i]!;
        const pj = points[j]!;
        if (pi.y > cy !== pj.y > cy && cx < ((pj.x - pi.x) * (cy - pi.y)) / (pj.y - pi.y) + pi.x) inside = !inside;
      }
      if (inside) out.add(y * width + x);
    }
  }
  return out;
}

/** Indices where two label maps differ. */
export function changedPixels(before: Uint8Array, after: Uint8Array): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < after.length; i++) if (before[i] !== after[i]) out.add(i);
  return out;
}

/** Sorted array, for readable equality failures. */
export const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
