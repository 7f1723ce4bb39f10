/**
 * Brute-force references for the editor tests: every pixel tested against the geometric rule
 * directly, independent of the editor's row-span rasterisers.
 */
import type { Point, Rect } from '../../../renderer/src/editor/index.js';

/** Pixel centre within `radius` of segment ab (projection clamped to the segment). */
export function inCapsule(x: number, y: number, a: Point, b: Point, radius: number): boolean {
  const px = x + 0.5;
  const py = y + 0.5;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - a.x) * dx + (py - a.y) * dy) / len2));
  const qx = a.x + t * dx;
  const qy = a.y + t * dy;
  return (px - qx) ** 2 + (py - qy) ** 2 <= radius * radius;
}

/** Pixels a stroke through `points` covers: the start disc plus every swept segment. */
export function strokeCoverage(width: number, height: number, points: Point[], radius: number): Uint8Array {
  const covered = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < points.length; k++) {
        const a = points[Math.max(0, k - 1)]!;
        if (inCapsule(x, y, a, points[k]!, radius)) {
          covered[y * width + x] = 1;
          break;
        }
      }
    }
  }
  return covered;
}

/** PNPOLY (W. Randolph Franklin): even-odd test of the pixel centre. */
export function inPolygon(x: number, y: number, points: Point[]): boolean {
  const px = x + 0.5;
  const py = y + 0.5;
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const pi = points[i]!;
    const pj = points[j]!;
    if (pi.y > py !== pj.y > py && px < ((pj.x - pi.x) * (py - pi.y)) / (pj.y - pi.y) + pi.x) inside = !inside;
  }
  return inside;
}

/** Bounding box of the pixels where a and b differ, or null. */
export function diffBounds(a: Uint8Array, b: Uint8Array, width: number): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const x = i % width;
    const y = (i - x) / width;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/** Random label map with classes 0..classes-1, mostly background. */
export function randomLabels(length: number, classes: number, random: () => number): Uint8Array {
  const labels = new Uint8Array(length);
  for (let i = 0; i < length; i++) labels[i] = random() < 0.5 ? 0 : Math.floor(random() * classes);
  return labels;
}

/**
 * Pixel flood-fill labelling (the textbook algorithm): component id per pixel of `member`
 * pixels (-1 elsewhere), with 4- or 8-connectivity.
 */
export function floodComponents(
  member: (i: number) => boolean,
  width: number,
  height: number,
  connectivity: 4 | 8,
): { ids: Int32Array; sizes: number[] } {
  const ids = new Int32Array(width * height).fill(-1);
  const sizes: number[] = [];
  const steps =
    connectivity === 4
      ? [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ]
      : [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
          [1, 1],
          [1, -1],
          [-1, 1],
          [-1, -1],
        ];
  for (let start = 0; start < width * height; start++) {
    if (ids[start] !== -1 || !member(start)) continue;
    const id = sizes.length;
    sizes.push(0);
    const stack = [start];
    ids[start] = id;
    while (stack.length) {
      const i = stack.pop()!;
      sizes[id]!++;
      const x = i % width;
      const y = (i - x) / width;
      for (const [dx, dy] of steps) {
        const nx = x + dx!;
        const ny = y + dy!;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const n = ny * width + nx;
        if (ids[n] === -1 && member(n)) {
          ids[n] = id;
          stack.push(n);
        }
      }
    }
  }
  return { ids, sizes };
}
