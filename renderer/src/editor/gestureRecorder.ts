/**
 * The single write path into the label map during one gesture (stroke, polygon, region op).
 * Every change appends (pixel index, old value) before writing, so Escape can restore exactly
 * the pre-gesture pixels and the commit can build a compact delta without copying the mask.
 *
 * Invariant: within one gesture each pixel changes at most once. Every tool writes a single
 * target value per gesture, and an unchanged pixel is not recorded, so a pixel swept twice by a
 * stroke is recorded only the first time. The delta builder relies on this (see maskDelta.ts).
 */
import { buildDelta, type MaskDelta } from './maskDelta.js';

export class GestureRecorder {
  private indices: Uint32Array;
  private before: Uint8Array;
  private count = 0;

  constructor(
    private readonly labels: Uint8Array,
    private readonly width: number,
    initialCapacity = 4096,
  ) {
    this.indices = new Uint32Array(initialCapacity);
    this.before = new Uint8Array(initialCapacity);
  }

  /** Pixels changed so far in this gesture. */
  get changedCount(): number {
    return this.count;
  }

  /** Writes `value` at `index`; returns whether the pixel changed (and was recorded). */
  set(index: number, value: number): boolean {
    const old = this.labels[index]!;
    if (old === value) return false;
    if (this.count === this.indices.length) this.grow();
    this.indices[this.count] = index;
    this.before[this.count] = old;
    this.count++;
    this.labels[index] = value;
    return true;
  }

  /** Puts every recorded pixel back (Escape). Order does not matter: no pixel is recorded twice. */
  rollback(): void {
    for (let k = 0; k < this.count; k++) this.labels[this.indices[k]!] = this.before[k]!;
    this.count = 0;
  }

  /** The delta of this gesture (null when nothing changed); the recorder is then empty. */
  commit(): MaskDelta | null {
    const delta = buildDelta(this.labels, this.width, this.indices.subarray(0, this.count), this.before);
    this.count = 0;
    return delta;
  }

  private grow(): void {
    const indices = new Uint32Array(this.indices.length * 2);
    indices.set(this.indices);
    const before = new Uint8Array(this.before.length * 2);
    before.set(this.before);
    this.indices = indices;
    this.before = before;
  }
}
