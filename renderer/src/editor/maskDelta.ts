/**
 * One history step as the changed pixels only: runs of consecutive pixel indices that share the
 * same old and new value. A radius-60 stroke across a 4664x3064 image is ~5k runs (~50 kB),
 * where a full copy of the mask would be 14 MB; undo and redo are a `fill` per run.
 */
import type { Rect } from '../../../shared/mask/rect.js';

export interface MaskDelta {
  /** First pixel index of each run, ascending; runs do not overlap. */
  readonly starts: Uint32Array;
  readonly lengths: Uint32Array;
  /** Value of the run's pixels before and after the step. */
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  /** Total pixels changed. */
  readonly pixelCount: number;
  /** Bounding box of the changed pixels. */
  readonly bounds: Rect;
}

/**
 * Builds the delta from a gesture's record: `indices[k]` changed from `before[k]` to its current
 * value in `labels`. Each index appears once (GestureRecorder's invariant). Sorting packs
 * index*256+old into one float64 (exact below 2^53) so the typed-array sort stays native.
 */
export function buildDelta(labels: Uint8Array, width: number, indices: Uint32Array, before: Uint8Array): MaskDelta | null {
  const n = indices.length;
  if (n === 0) return null;
  const packed = new Float64Array(n);
  for (let k = 0; k < n; k++) packed[k] = indices[k]! * 256 + before[k]!;
  packed.sort();

  // Worst case one run per pixel; trimmed below.
  const starts = new Uint32Array(n);
  const lengths = new Uint32Array(n);
  const olds = new Uint8Array(n);
  const news = new Uint8Array(n);
  let runs = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let k = 0;
  while (k < n) {
    const p = packed[k]!;
    const start = Math.floor(p / 256);
    const old = p - start * 256;
    const value = labels[start]!;
    let end = start + 1;
    k++;
    while (k < n) {
      const q = packed[k]!;
      const index = Math.floor(q / 256);
      if (index !== end || q - index * 256 !== old || labels[index] !== value) break;
      end++;
      k++;
    }
    starts[runs] = start;
    lengths[runs] = end - start;
    olds[runs] = old;
    news[runs] = value;
    runs++;
    const x0 = start % width;
    const x1 = (end - 1) % width;
    if (Math.floor(start / width) !== Math.floor((end - 1) / width)) {
      // The run wraps a row end, so it covers every column.
      minX = 0;
      maxX = width - 1;
    } else {
      if (x0 < minX) minX = x0;
      if (x1 > maxX) maxX = x1;
    }
  }
  const firstIndex = starts[0]!;
  const lastIndex = starts[runs - 1]! + lengths[runs - 1]! - 1;
  const minY = Math.floor(firstIndex / width);
  const maxY = Math.floor(lastIndex / width);
  return {
    starts: starts.slice(0, runs),
    lengths: lengths.slice(0, runs),
    before: olds.slice(0, runs),
    after: news.slice(0, runs),
    pixelCount: n,
    bounds: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 },
  };
}

/** Writes the delta's old values (undo) or new values (redo) into `labels`. */
export function applyDelta(labels: Uint8Array, delta: MaskDelta, direction: 'undo' | 'redo'): void {
  const values = direction === 'undo' ? delta.before : delta.after;
  const { starts, lengths } = delta;
  for (let r = 0; r < starts.length; r++) {
    const start = starts[r]!;
    labels.fill(values[r]!, start, start + lengths[r]!);
  }
}

/** Approximate memory held by a delta, for history accounting. */
export function deltaByteSize(delta: MaskDelta): number {
  return delta.starts.byteLength + delta.lengths.byteLength + delta.before.byteLength + delta.after.byteLength;
}
