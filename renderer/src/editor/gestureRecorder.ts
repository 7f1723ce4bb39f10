/**
 * The single write path into the label map during one gesture (stroke, polygon, region op).
 * Every change is recorded as a run (start index, length, old value) before the write, so
 * Escape restores exactly the pre-gesture pixels and the commit builds a compact delta without
 * copying the mask. Painting works in row spans, so a run per span (not per pixel) is recorded:
 * a 5-megapixel polygon fill is a few thousand runs.
 *
 * Invariant: within one gesture each pixel changes at most once. Every tool writes a single
 * target value per gesture, and an unchanged pixel is not recorded, so a pixel swept twice by a
 * stroke is recorded only the first time. Runs therefore never overlap (see maskDelta.ts).
 */
import { buildDelta, type MaskDelta } from './maskDelta.js';
import type { PixelRuns } from './surroundings.js';

export class GestureRecorder {
  private starts: Uint32Array;
  private lengths: Uint32Array;
  private before: Uint8Array;
  private count = 0;
  /** One past the last recorded pixel, and its old/new values, to extend the open run. */
  private end = -1;
  private lastOld = -1;
  private lastNew = -1;

  constructor(
    private readonly labels: Uint8Array,
    private readonly width: number,
    initialCapacity = 1 << 14,
  ) {
    this.starts = new Uint32Array(initialCapacity);
    this.lengths = new Uint32Array(initialCapacity);
    this.before = new Uint8Array(initialCapacity);
  }

  /** Writes `value` at `index`; returns whether the pixel changed (and was recorded). */
  set(index: number, value: number): boolean {
    const old = this.labels[index]!;
    if (old === value) return false;
    this.record(index, 1, old, value);
    this.labels[index] = value;
    return true;
  }

  /**
   * Writes `value` over `length` pixels from `start` that all hold `old` (!== value): the span
   * painter's fast path, one record and one native fill.
   */
  fillRun(start: number, length: number, old: number, value: number): void {
    this.record(start, length, old, value);
    this.labels.fill(value, start, start + length);
  }

  /** Puts every recorded pixel back (Escape). Order does not matter: runs never overlap. */
  rollback(): void {
    for (let k = 0; k < this.count; k++) {
      const start = this.starts[k]!;
      this.labels.fill(this.before[k]!, start, start + this.lengths[k]!);
    }
    this.reset();
  }

  /**
   * Puts every recorded pixel back and hands over what had been changed (copies): for a
   * gesture whose final values depend on all it touched (an eraser giving back the class
   * around what it erased), which then writes them afresh, each pixel once.
   */
  takeBack(): PixelRuns {
    const n = this.count;
    const runs = { count: n, starts: this.starts.slice(0, n), lengths: this.lengths.slice(0, n), before: this.before.slice(0, n) };
    this.rollback();
    return runs;
  }

  /** The delta of this gesture (null when nothing changed); the recorder is then empty. */
  commit(): MaskDelta | null {
    const n = this.count;
    const delta = buildDelta(this.labels, this.width, this.starts.subarray(0, n), this.lengths.subarray(0, n), this.before.subarray(0, n));
    this.reset();
    return delta;
  }

  private record(start: number, length: number, old: number, value: number): void {
    if (start === this.end && old === this.lastOld && value === this.lastNew) {
      this.lengths[this.count - 1]! += length;
    } else {
      if (this.count === this.starts.length) this.grow();
      this.starts[this.count] = start;
      this.lengths[this.count] = length;
      this.before[this.count] = old;
      this.count++;
      this.lastOld = old;
      this.lastNew = value;
    }
    this.end = start + length;
  }

  private reset(): void {
    this.count = 0;
    this.end = -1;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Uint32Array(size);
    starts.set(this.starts);
    const lengths = new Uint32Array(size);
    lengths.set(this.lengths);
    const before = new Uint8Array(size);
    before.set(this.before);
    this.starts = starts;
    this.lengths = lengths;
    this.before = before;
  }
}
