import { describe, expect, it } from 'vitest';
import { sampleIntensityRange } from '../../../renderer/src/editor/intensitySample.js';

describe('sampleIntensityRange', () => {
  // 20x20: left half 100, right half alternating 900/1100 (mean 1000, std 100).
  const W = 20;
  const px = new Uint16Array(W * W).map((_, i) => (i % W < 10 ? 100 : i % 2 ? 900 : 1100));

  it('is mean +- 2 std of the 7x7 square around the press', () => {
    // Columns 12-18: four of 1100, three of 900 -> mean 1014.3, std 99.0.
    expect(sampleIntensityRange(px, W, W, { x: 15.4, y: 10.7 })).toEqual({ lo: 816, hi: 1213 });
    expect(sampleIntensityRange(px, W, W, { x: 15, y: 10 }, { half: 0, k: 2 })).toEqual({ lo: 899, hi: 901 });
  });

  it('keeps at least +-1 on a flat patch, so the brush paints its own value', () => {
    expect(sampleIntensityRange(px, W, W, { x: 3, y: 3 })).toEqual({ lo: 99, hi: 101 });
  });

  it('clips the square at the border and refuses points outside the image', () => {
    expect(sampleIntensityRange(px, W, W, { x: 0, y: 0 })).toEqual({ lo: 99, hi: 101 });
    expect(sampleIntensityRange(px, W, W, { x: -1, y: 5 })).toBeNull();
    expect(sampleIntensityRange(px, W, W, { x: 5, y: 20 })).toBeNull();
  });
});
