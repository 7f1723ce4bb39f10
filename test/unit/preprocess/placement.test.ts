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

  it("'fill' stretches a 1:2 image over the whole grid: area average per axis, labels round-trip at whole steps", () => {
    // 4 wide, 8 tall into 4 x 4: one source column per grid column, two source rows per grid row.
    const where = placement(4, 8, 4, false, 'fill');
    expect(where).toMatchObject({ step: 1, stepY: 2, width: 4, height: 4 });
    const data = new Float32Array(4 * 8).map((_, i) => Math.floor(i / 4) / 10); // row r has value r / 10
    const { input } = preprocessUnit({ data, width: 4, height: 8 }, { inputSize: 4, laterality: 'L', fit: 'fill' });
    expect(Array.from(input.subarray(0, 4)).map((v) => +v.toFixed(6))).toEqual([0.05, 0.05, 0.05, 0.05]); // rows 0 and 1
    expect(+input[15]!.toFixed(6)).toBe(0.65); // rows 6 and 7: no padding at the bottom
    const labels = new Uint8Array(4 * 8).map((_, i) => (Math.floor(i / 8) + (i % 4)) % 3); // constant over each row pair
    const grid = toModelLabels(labels, where);
    expect(placeBack(oneHot(grid, 3), JSON.parse(JSON.stringify(where)))).toEqual(labels);
  });

  it("'contain' is the default and a record without stepY reads as square steps (older predictions)", () => {
    const where = placement(4, 8, 4, false);
    expect(where).toMatchObject({ step: 2, width: 2, height: 4 });
    expect(where.stepY).toBeUndefined();
  });
});
