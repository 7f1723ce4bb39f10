import { describe, expect, it } from 'vitest';
import { breastMask, breastRegionInput } from '../../../shared/preprocess/breastRegion.js';

/** A synthetic grid: a half-disc breast on the chest wall (left), a bright marker and a film edge apart from it. */
function phantom(size: number): Float32Array {
  const g = new Float32Array(size * size).fill(0.03);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x, y - size / 2);
      if (r < size * 0.4) g[y * size + x] = r < size * 0.2 ? 0.7 : 0.35;
    }
  // A fatty (dark) lobule inside the breast: a hole, still breast.
  for (let y = 30; y < 34; y++) for (let x = 8; x < 12; x++) g[y * size + x] = 0.05;
  // A lead marker and a film edge, not touching the breast.
  for (let y = 4; y < 10; y++) for (let x = 50; x < 58; x++) g[y * size + x] = 1;
  for (let y = 0; y < size; y++) g[y * size + size - 1] = 0.9;
  return g;
}

describe('breastMask', () => {
  const size = 64;
  const p = { inputSize: size, width: size, height: size };
  it('keeps the breast touching the chest wall, holes filled, and drops the marker and the film edge', () => {
    const mask = breastMask(phantom(size), p);
    expect(mask[32 * size + 5]).toBe(1);
    expect(mask[32 * size + 10]).toBe(1); // the dark lobule
    expect(mask[6 * size + 54]).toBe(0); // the marker
    expect(mask[20 * size + size - 1]).toBe(0); // the film edge
    expect(mask[2 * size + 40]).toBe(0); // air
  });

  it('zeroes what is not breast and stretches the breast over [0.1, 1]', () => {
    const out = breastRegionInput(phantom(size), p);
    expect(out[6 * size + 54]).toBe(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < out.length; i++)
      if (out[i]! > 0) {
        lo = Math.min(lo, out[i]!);
        hi = Math.max(hi, out[i]!);
      }
    expect(lo).toBeCloseTo(0.1, 5);
    expect(hi).toBeCloseTo(1, 5);
  });

  it('only looks at the image part of a padded (contain) grid', () => {
    const g = phantom(size);
    const mask = breastMask(g, { inputSize: size, width: 40, height: size });
    for (let y = 0; y < size; y++) for (let x = 40; x < size; x++) expect(mask[y * size + x]).toBe(0);
  });
});
