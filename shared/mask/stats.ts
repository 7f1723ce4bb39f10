/**
 * Per-class summaries of a label map (class index per pixel, row-major): pixel counts for
 * MaskRevision.classCounts and bounding boxes for "zoom to lesion" and for limiting region
 * operations to where a class actually is.
 */
import { rectFromBounds, type Rect } from './rect.js';
import { runEnd, wordView } from './scan.js';

/**
 * Pixels per class index, index 0 = background. The array is `classCount` long (default: up to
 * the highest class present, at least 1), so counts of absent classes are 0, not missing.
 */
export function classPixelCounts(labels: Uint8Array, classCount?: number): number[] {
  const counts = new Float64Array(256);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  let size = classCount ?? 1;
  if (classCount === undefined) {
    for (let c = 255; c > 0; c--) {
      if (counts[c]! > 0) {
        size = c + 1;
        break;
      }
    }
  }
  return Array.from(counts.subarray(0, size));
}

/**
 * Bounding box of every class present (background included), keyed by class index. One pass;
 * rows are scanned for their first and last non-background pixel so a mostly empty mask is cheap
 * to box for the foreground classes.
 */
export function classBoundingBoxes(labels: Uint8Array, width: number, height: number): Map<number, Rect> {
  checkSize(labels, width, height);
  const minX = new Int32Array(256).fill(width);
  const minY = new Int32Array(256).fill(height);
  const maxX = new Int32Array(256).fill(-1);
  const maxY = new Int32Array(256).fill(-1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const c = labels[row + x]!;
      if (x < minX[c]!) minX[c] = x;
      if (x > maxX[c]!) maxX[c] = x;
      if (y < minY[c]!) minY[c] = y;
      maxY[c] = y;
    }
  }
  const boxes = new Map<number, Rect>();
  for (let c = 0; c < 256; c++) {
    const rect = rectFromBounds(minX[c]!, minY[c]!, maxX[c]!, maxY[c]!);
    if (rect) boxes.set(c, rect);
  }
  return boxes;
}

/** Bounding box of one class, or null when it has no pixels. */
export function classBoundingBox(labels: Uint8Array, width: number, height: number, classIndex: number): Rect | null {
  checkSize(labels, width, height);
  const words = wordView(labels);
  let minX = width;
  let maxX = -1;
  let minY = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    // Walk the row run by run: a mask row is a handful of runs, not `width` comparisons.
    for (let i = row; i < row + width;) {
      const value = labels[i]!;
      const end = runEnd(labels, words, i + 1, row + width, value);
      if (value === classIndex) {
        if (first < 0) first = i - row;
        last = end - 1 - row;
      }
      i = end;
    }
    if (first < 0) continue;
    if (minY < 0) minY = y;
    maxY = y;
    if (first < minX) minX = first;
    if (last > maxX) maxX = last;
  }
  return minY < 0 ? null : rectFromBounds(minX, minY, maxX, maxY);
}

function checkSize(labels: Uint8Array, width: number, height: number): void {
  if (labels.length !== width * height) {
    throw new RangeError(`label map has ${labels.length} pixels, expected ${width}x${height}`);
  }
}
