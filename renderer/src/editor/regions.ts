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
import { runComponents } from './runComponents.js';
import { surroundingClasses } from './surroundings.js';

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
  const box = classBoundingBox(labels, width, grid.height, classIndex);
  if (!box) return;
  // Everything outside the box is non-class and reaches the border, so a non-class component
  // touching the box's edge is open, not a hole.
  const runs = runComponents(labels, width, box, classIndex, false, 4);
  for (let k = 0; k < runs.count; k++) {
    if (runs.touchesEdge[runs.component[k]!]) continue;
    const row = runs.y[k]! * width;
    // Only background sub-runs are filled; other classes inside the hole stay.
    let x = runs.x0[k]!;
    const x1 = runs.x1[k]!;
    while (x <= x1) {
      if (labels[row + x] !== 0) {
        x++;
        continue;
      }
      let end = x + 1;
      while (end <= x1 && labels[row + end] === 0) end++;
      recorder.fillRun(row + x, end - x, 0, classIndex);
      x = end;
    }
  }
}

/**
 * 8-connected components of `classIndex` with fewer than `minPixels` pixels take the class
 * around them (surroundings.ts): an island of fibroglandular tissue in fat becomes fat, one in
 * the air background; never a background hole inside the breast.
 */
export function removeIslands(grid: Grid, classIndex: number, minPixels: number, recorder: GestureRecorder): void {
  const { labels, width } = grid;
  const box = classBoundingBox(labels, width, grid.height, classIndex);
  if (!box) return;
  const runs = runComponents(labels, width, box, classIndex, true, 8);
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let k = 0; k < runs.count; k++) {
    if (runs.sizes[runs.component[k]!]! >= minPixels) continue;
    starts.push(runs.y[k]! * width + runs.x0[k]!);
    lengths.push(runs.x1[k]! - runs.x0[k]! + 1);
  }
  const islands = { count: starts.length, starts, lengths, before: new Uint8Array(starts.length).fill(classIndex) };
  const values = surroundingClasses(grid, islands, 8);
  for (let k = 0; k < islands.count; k++) recorder.fillRun(starts[k]!, lengths[k]!, classIndex, values[k]!);
}
