/**
 * One history step as the changed pixels only: runs of consecutive pixel indices that share the
 * same old and new value. A radius-60 stroke across a 4664x3064 image is ~5k runs (~50 kB),
 * where a full copy of the mask would be 14 MB; undo and redo are a `fill` per run.
 */
import type { Rect } from '../../../shared/mask/rect.js';
import { radixOrder } from './radixOrder.js';

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
 * Builds the delta from a gesture's runs, recorded in painting order: run k covers
 * `lengths[k]` pixels from `starts[k]` that held `before[k]` and now hold their value in
 * `labels`. Runs must not overlap (GestureRecorder's invariant); they are sorted by start and
 * touching runs with equal old and new values merged.
 */
export function buildDelta(
  labels: Uint8Array,
  width: number,
  starts: Uint32Array,
  lengths: Uint32Array,
  before: Uint8Array,
): MaskDelta | null {
  const n = starts.length;
  if (n === 0) return null;
  const order = radixOrder(starts);
  const outStarts = new Uint32Array(n);
  const outLengths = new Uint32Array(n);
  const outBefore = new Uint8Array(n);
  const outAfter = new Uint8Array(n);
  let runs = 0;
  let pixels = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let runEnd = -1;
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    const start = starts[id]!;
    const length = lengths[id]!;
    const old = before[id]!;
    const value = labels[start]!;
    pixels += length;
    if (runs > 0 && start === runEnd && outBefore[runs - 1] === old && outAfter[runs - 1] === value) {
      outLengths[runs - 1]! += length;
    } else {
      outStarts[runs] = start;
      outLengths[runs] = length;
      outBefore[runs] = old;
      outAfter[runs] = value;
      runs++;
    }
    runEnd = start + length;
    const last = runEnd - 1;
    if (Math.floor(start / width) !== Math.floor(last / width)) {
      // The run wraps a row end, so it covers every column.
      minX = 0;
      maxX = width - 1;
    } else {
      const x0 = start % width;
      const x1 = last % width;
      if (x0 < minX) minX = x0;
      if (x1 > maxX) maxX = x1;
    }
  }
  const minY = Math.floor(outStarts[0]! / width);
  const maxY = Math.floor((outStarts[runs - 1]! + outLengths[runs - 1]! - 1) / width);
  return {
    starts: outStarts.slice(0, runs),
    lengths: outLengths.slice(0, runs),
    before: outBefore.slice(0, runs),
    after: outAfter.slice(0, runs),
    pixelCount: pixels,
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

/**
 * The delta's changed pixels as one rectangle per band of `bandRows` rows (bands with no
 * change omitted). A diagonal stroke's bounding box is the whole image; its bands are thin, so
 * a view re-uploads a few percent of the mask after undo instead of all of it.
 */
export function deltaBands(delta: MaskDelta, width: number, bandRows = 64): Rect[] {
  const bands = new Map<number, { minX: number; maxX: number; minY: number; maxY: number }>();
  const { starts, lengths } = delta;
  for (let r = 0; r < starts.length; r++) {
    const first = starts[r]!;
    const last = first + lengths[r]! - 1;
    for (let y = Math.floor(first / width); y <= Math.floor(last / width); y++) {
      const x0 = y === Math.floor(first / width) ? first % width : 0;
      const x1 = y === Math.floor(last / width) ? last % width : width - 1;
      const key = Math.floor(y / bandRows);
      const band = bands.get(key);
      if (!band) bands.set(key, { minX: x0, maxX: x1, minY: y, maxY: y });
      else {
        band.minX = Math.min(band.minX, x0);
        band.maxX = Math.max(band.maxX, x1);
        band.minY = Math.min(band.minY, y);
        band.maxY = Math.max(band.maxY, y);
      }
    }
  }
  return [...bands.values()].map((b) => ({ x: b.minX, y: b.minY, width: b.maxX - b.minX + 1, height: b.maxY - b.minY + 1 }));
}
