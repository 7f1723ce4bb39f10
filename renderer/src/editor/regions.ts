/**
 * Whole-class region operations. Both work inside the class's bounding box only: outside it
 * there is no pixel of the class, so nothing there can be a hole or an island.
 *
 * Connectivity: a class's regions are 8-connected (pixels touching at a corner are one island,
 * so a thin diagonal boundary is not broken into "islands" and deleted), and holes are the
 * 4-connected background components, the dual of 8-connected foreground: a background region
 * leaking out only through a diagonal gap between two class pixels is enclosed, i.e. a hole.
 */
import { classBoundingBox } from '../../../shared/mask/stats.js';
import type { GestureRecorder } from './gestureRecorder.js';

interface Grid {
  labels: Uint8Array;
  width: number;
  height: number;
}

/**
 * Regions of non-`classIndex` pixels not 4-connected to the image border are holes; their
 * background (0) pixels become `classIndex`. Pixels of other classes inside a hole are kept (a
 * lesion inside the breast stays a lesion), but they do not block the flood: only the class's
 * own pixels enclose.
 */
export function fillHoles(grid: Grid, classIndex: number, recorder: GestureRecorder): void {
  const { labels, width } = grid;
  const box = classBoundingBox(labels, grid.width, grid.height, classIndex);
  if (!box) return;
  const { x: bx, y: by, width: bw, height: bh } = box;
  // Pixels outside the box are all non-class and reach the border, so a non-class pixel on the
  // box's edge is connected to the border: seed the flood there.
  const reached = new Uint8Array(bw * bh);
  const stack = new Int32Array(bw * bh);
  let top = 0;
  const seed = (lx: number, ly: number): void => {
    const local = ly * bw + lx;
    if (reached[local] || labels[(by + ly) * width + bx + lx] === classIndex) return;
    reached[local] = 1;
    stack[top++] = local;
  };
  for (let lx = 0; lx < bw; lx++) {
    seed(lx, 0);
    seed(lx, bh - 1);
  }
  for (let ly = 0; ly < bh; ly++) {
    seed(0, ly);
    seed(bw - 1, ly);
  }
  while (top > 0) {
    const local = stack[--top]!;
    const lx = local % bw;
    const ly = (local - lx) / bw;
    if (lx > 0) seed(lx - 1, ly);
    if (lx < bw - 1) seed(lx + 1, ly);
    if (ly > 0) seed(lx, ly - 1);
    if (ly < bh - 1) seed(lx, ly + 1);
  }
  for (let ly = 0; ly < bh; ly++) {
    const row = (by + ly) * width + bx;
    for (let lx = 0; lx < bw; lx++) {
      if (!reached[ly * bw + lx] && labels[row + lx] === 0) recorder.set(row + lx, classIndex);
    }
  }
}

/**
 * 8-connected components of `classIndex` with fewer than `minPixels` pixels become background.
 */
export function removeIslands(grid: Grid, classIndex: number, minPixels: number, recorder: GestureRecorder): void {
  const { labels, width } = grid;
  const box = classBoundingBox(labels, grid.width, grid.height, classIndex);
  if (!box) return;
  const { x: bx, y: by, width: bw, height: bh } = box;
  const seen = new Uint8Array(bw * bh);
  // Components are disjoint, so one queue holds them all; component k is queue[start..tail).
  const queue = new Int32Array(bw * bh);
  let tail = 0;
  const globalIndex = (local: number): number => {
    const lx = local % bw;
    return (by + (local - lx) / bw) * width + bx + lx;
  };
  for (let start = 0; start < bw * bh; start++) {
    if (seen[start] || labels[globalIndex(start)] !== classIndex) continue;
    const first = tail;
    seen[start] = 1;
    queue[tail++] = start;
    for (let head = first; head < tail; head++) {
      const local = queue[head]!;
      const lx = local % bw;
      const ly = (local - lx) / bw;
      for (let ny = Math.max(0, ly - 1); ny <= Math.min(bh - 1, ly + 1); ny++) {
        for (let nx = Math.max(0, lx - 1); nx <= Math.min(bw - 1, lx + 1); nx++) {
          const n = ny * bw + nx;
          if (seen[n] || labels[(by + ny) * width + bx + nx] !== classIndex) continue;
          seen[n] = 1;
          queue[tail++] = n;
        }
      }
    }
    if (tail - first >= minPixels) continue;
    for (let k = first; k < tail; k++) recorder.set(globalIndex(queue[k]!), 0);
  }
}
