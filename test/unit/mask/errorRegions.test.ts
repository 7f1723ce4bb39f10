import { describe, expect, it } from 'vitest';
import { distanceInside, errorRegions, nextClick, sampleErrorClicks } from '../../../shared/mask/errorRegions.js';
import { mulberry32 } from '../../../shared/random/mulberry32.js';

/** Brute force: distance from each inside pixel to the nearest outside pixel or the virtual border beyond the image. */
function bruteDistance(inside: Uint8Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!inside[y * w + x]) continue;
      let best = Math.min(x + 1, y + 1, w - x, h - y);
      for (let yy = 0; yy < h; yy++)
        for (let xx = 0; xx < w; xx++) if (!inside[yy * w + xx]) best = Math.min(best, Math.hypot(xx - x, yy - y));
      out[y * w + x] = best;
    }
  return out;
}

describe('distanceInside', () => {
  it('equals the brute-force Euclidean distance on random shapes', () => {
    const rand = mulberry32(3);
    for (let trial = 0; trial < 5; trial++) {
      const w = 13 + trial;
      const h = 9 + 2 * trial;
      const inside = Uint8Array.from({ length: w * h }, () => (rand() < 0.8 ? 1 : 0));
      const fast = distanceInside(inside, w, h);
      const slow = bruteDistance(inside, w, h);
      for (let i = 0; i < w * h; i++) expect(fast[i]).toBeCloseTo(slow[i]!, 4);
    }
  });
});

describe('the clicker', () => {
  // 20 x 10: truth class 1 on the left half, 2 on the right; the prediction misses a 6 x 6 block of
  // class 2 and a 2 x 2 block of class 1.
  const w = 20;
  const h = 10;
  const truth = Uint8Array.from({ length: w * h }, (_, i) => (i % w < 10 ? 1 : 2));
  const predicted = truth.slice();
  for (let y = 2; y < 8; y++) for (let x = 12; x < 18; x++) predicted[y * w + x] = 0;
  for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) predicted[y * w + x] = 2;

  it('finds error regions of one true class each', () => {
    const { sizes } = errorRegions(predicted, truth, w, h);
    expect(sizes.sort((a, b) => a - b)).toEqual([4, 36]);
  });

  it('clicks the centre of the largest error region with the true class there (RITM)', () => {
    const click = nextClick(predicted, truth, w, h)!;
    expect(click.class).toBe(2);
    expect(click.x).toBeGreaterThanOrEqual(14);
    expect(click.x).toBeLessThanOrEqual(15);
    expect(click.y).toBeGreaterThanOrEqual(4);
    expect(click.y).toBeLessThanOrEqual(5);
  });

  it('gives no click when the prediction is right', () => {
    expect(nextClick(truth, truth, w, h)).toBeNull();
  });

  it('samples training clicks inside the errors only, labelled with the truth, spaced apart', () => {
    const clicks = sampleErrorClicks(predicted, truth, w, h, 10, mulberry32(1), 2);
    expect(clicks.length).toBeGreaterThan(0);
    for (const c of clicks) {
      expect(predicted[c.y * w + c.x]).not.toBe(truth[c.y * w + c.x]);
      expect(c.class).toBe(truth[c.y * w + c.x]);
    }
    for (let i = 0; i < clicks.length; i++)
      for (let j = i + 1; j < clicks.length; j++)
        expect(Math.hypot(clicks[i]!.x - clicks[j]!.x, clicks[i]!.y - clicks[j]!.y)).toBeGreaterThan(2);
    expect(sampleErrorClicks(truth, truth, w, h, 5, mulberry32(1), 2)).toEqual([]);
  });
});
