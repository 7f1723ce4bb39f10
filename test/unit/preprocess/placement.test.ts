import { describe, expect, it } from 'vitest';
import { oneHot, placeBack, placement, toModelLabels } from '../../../shared/preprocess/geometry.js';
import { preprocessUnit } from '../../../shared/preprocess/preprocess.js';

describe('placement', () => {
  it('is plain JSON: a stored placement maps back exactly as the live one', () => {
    const data = new Float32Array(12 * 6).map((_, i) => (i % 12 >= 6 ? 0.9 : 0.1)); // bright right: chest wall there
    const { input, placement: where } = preprocessUnit({ data, width: 12, height: 6 }, { inputSize: 8, laterality: null });
    expect(where.flip).toBe(true);
    expect(input).toHaveLength(64);
    expect(JSON.parse(JSON.stringify(where))).toEqual(where);
  });

  it('training labels on the model grid come back to every source pixel with placeBack (flipped, no resize)', () => {
    const where = placement(8, 6, 8, true);
    const labels = new Uint8Array(8 * 6).map((_, i) => ((i % 8) + Math.floor(i / 8)) % 3);
    const grid = toModelLabels(labels, where);
    expect(grid.subarray(6 * 8).every((v) => v === 0)).toBe(true); // the padding rows
    expect(placeBack(oneHot(grid, 3), JSON.parse(JSON.stringify(where)))).toEqual(labels);
  });
});
