import { describe, expect, it } from 'vitest';
import {
  chestWallIsRight,
  labelsFromProbabilities,
  meanEntropy,
  oneHot,
  placement,
  toModelInput,
} from '../../../shared/preprocess/geometry.js';

/** A breast-like image: bright half-disc against the chosen side. */
function breast(width: number, height: number, chestWallRight: boolean): Float32Array {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (chestWallRight ? width - x : x) / width;
      const dy = (y - height / 2) / (height / 2);
      data[y * width + x] = dx * dx + dy * dy < 0.6 ? 0.8 : 0;
    }
  }
  return data;
}

describe('pre/post-processing geometry', () => {
  it('finds the chest wall from the image, and falls back to laterality on a blank image', () => {
    expect(chestWallIsRight(breast(300, 400, true), 300, 400, 'L')).toBe(true);
    expect(chestWallIsRight(breast(300, 400, false), 300, 400, 'R')).toBe(false);
    expect(chestWallIsRight(new Float32Array(100), 10, 10, 'R')).toBe(true);
  });

  it('keeps the aspect ratio, places the image top-left and pads with zeros', () => {
    const p = placement(3064, 4664, 640, false);
    expect(p.height).toBe(640);
    expect(p.width).toBe(Math.round(3064 / (4664 / 640)));
    const input = toModelInput(new Float32Array(3064 * 4664).fill(0.5), p);
    expect(input[0]).toBeCloseTo(0.5);
    expect(input[639]).toBe(0); // padding right of the image
    expect(input[639 * 640 + p.width - 1]).toBeCloseTo(0.5);
  });

  it('a mask mapped forward and back is unchanged (flipped and not, odd sizes)', () => {
    for (const flip of [false, true]) {
      for (const [w, h] of [
        [64, 48],
        [61, 97],
        [128, 128],
      ] as const) {
        // A model-grid mask with blocks and a diagonal edge.
        const S = 32;
        const p = placement(w * 4, h * 4, S, flip);
        const model = new Uint8Array(S * S);
        for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) model[y * S + x] = x + y > 20 ? 2 : x % 7 < 3 ? 1 : 0;
        const full = labelsFromProbabilities(oneHot(model, 3), 3, p);
        // Forward again: sample the full-resolution mask at each model pixel's centre.
        for (let my = 0; my < p.height; my++) {
          for (let mx = 0; mx < p.width; mx++) {
            const sx = Math.floor((mx + 0.5) * p.step);
            const sy = Math.floor((my + 0.5) * p.step);
            const x = flip ? p.sourceWidth - 1 - sx : sx;
            expect(full[sy * p.sourceWidth + x]).toBe(model[my * S + mx]);
          }
        }
      }
    }
  });

  it('mean entropy is 0 for certain predictions and ln 2 for coin flips, inside tissue only', () => {
    const input = new Float32Array([0.9, 0.9, 0, 0]);
    expect(meanEntropy([1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5], 2, input)).toBe(0);
    expect(meanEntropy([0.5, 0.5, 0.5, 0.5, 1, 0, 1, 0], 2, input)).toBeCloseTo(Math.log(2));
  });
});
