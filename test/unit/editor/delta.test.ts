import { describe, expect, it } from 'vitest';
import { GestureRecorder } from '../../../renderer/src/editor/gestureRecorder.js';
import { applyDelta } from '../../../renderer/src/editor/maskDelta.js';
import { radixOrder } from '../../../renderer/src/editor/radixOrder.js';
import { rng } from '../mask/masks.js';

describe('radixOrder', () => {
  it('sorts small and large 32-bit keys stably', () => {
    const random = rng(31);
    for (const scale of [100, 70_000, 2 ** 32]) {
      const keys = Uint32Array.from({ length: 5000 }, () => Math.floor(random() * scale));
      const order = radixOrder(keys);
      const expected = Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
      expect(Array.from(order)).toEqual(expected);
    }
    expect(Array.from(radixOrder(new Uint32Array(0)))).toEqual([]);
  });
});

describe('gesture deltas', () => {
  it('sorts and merges runs recorded out of order, with exact bounds, and undoes/redoes', () => {
    const width = 10;
    const labels = new Uint8Array(50);
    labels.fill(2, 20, 25);
    const initial = labels.slice();
    const recorder = new GestureRecorder(labels, width, 2); // tiny capacity: exercise growth
    recorder.fillRun(22, 3, 2, 1); // row 2, x 2..4 (old 2)
    recorder.set(9, 1); // row 0, x 9
    recorder.fillRun(10, 2, 0, 1); // row 1, x 0..1: touches index 9, same old/new -> merged
    recorder.fillRun(20, 2, 2, 1); // row 2, x 0..1 (old 2) -> merged with 22..24 after sorting
    recorder.set(25, 1);
    expect(recorder.set(25, 1)).toBe(false); // unchanged pixels are not recorded
    const after = labels.slice();
    const delta = recorder.commit()!;
    expect(Array.from(delta.starts)).toEqual([9, 20, 25]);
    expect(Array.from(delta.lengths)).toEqual([3, 5, 1]);
    expect(Array.from(delta.before)).toEqual([0, 2, 0]);
    expect(Array.from(delta.after)).toEqual([1, 1, 1]);
    expect(delta.pixelCount).toBe(9);
    // Index 9..11 wraps from row 0 into row 1, so the box spans every column.
    expect(delta.bounds).toEqual({ x: 0, y: 0, width: 10, height: 3 });
    applyDelta(labels, delta, 'undo');
    expect(labels).toEqual(initial);
    applyDelta(labels, delta, 'redo');
    expect(labels).toEqual(after);
    expect(recorder.commit()).toBeNull();
  });

  it('rolls back exactly', () => {
    const labels = Uint8Array.from({ length: 30 }, (_, i) => i % 3);
    const initial = labels.slice();
    const recorder = new GestureRecorder(labels, 6, 1);
    for (let i = 0; i < 30; i += 2) recorder.set(i, 7);
    recorder.fillRun(1, 1, 1, 7);
    recorder.rollback();
    expect(labels).toEqual(initial);
    expect(recorder.commit()).toBeNull();
  });
});
