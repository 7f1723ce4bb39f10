import { describe, expect, it } from 'vitest';
import { classBoundingBox, classBoundingBoxes, classPixelCounts } from '../../../shared/mask/stats.js';
import { parseMask } from './masks.js';

const { labels, width, height } = parseMask([
  '......', //
  '.11...',
  '.112..',
  '....2.',
]);

describe('mask stats', () => {
  it('counts pixels per class up to the highest present, or a given class count', () => {
    expect(classPixelCounts(labels)).toEqual([18, 4, 2]);
    expect(classPixelCounts(labels, 4)).toEqual([18, 4, 2, 0]);
    expect(classPixelCounts(new Uint8Array(3))).toEqual([3]);
  });

  it('boxes every class present', () => {
    const boxes = classBoundingBoxes(labels, width, height);
    expect(boxes.get(1)).toEqual({ x: 1, y: 1, width: 2, height: 2 });
    expect(boxes.get(2)).toEqual({ x: 3, y: 2, width: 2, height: 2 });
    expect(boxes.get(0)).toEqual({ x: 0, y: 0, width: 6, height: 4 });
    expect(boxes.has(3)).toBe(false);
  });

  it('boxes one class, null when absent, and rejects a wrong size', () => {
    expect(classBoundingBox(labels, width, height, 2)).toEqual({ x: 3, y: 2, width: 2, height: 2 });
    expect(classBoundingBox(labels, width, height, 5)).toBeNull();
    expect(() => classBoundingBox(labels, 5, 4, 1)).toThrow(RangeError);
  });
});
