import { describe, expect, it } from 'vitest';
import {
  adjudicate,
  disagreementRegion,
  provenanceCounts,
  PROVENANCE_A,
  PROVENANCE_AGREED,
  PROVENANCE_B,
} from '../../../shared/readers/adjudication.js';

// 6 x 3: two separate disagreement regions (left: A says 1, B 0; right: A 0, B 2).
const W = 6;
const H = 3;
const A = Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3]);
const B = Uint8Array.from([0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 3, 3]);

describe('adjudication', () => {
  it('finds the connected disagreement region under a point, nothing where the readers agree', () => {
    expect([...disagreementRegion(A, B, W, H, 0, 0)].sort((x, y) => x - y)).toEqual([0, 1, 6]);
    expect([...disagreementRegion(A, B, W, H, 5, 0)].sort((x, y) => x - y)).toEqual([4, 5, 10]);
    expect(disagreementRegion(A, B, W, H, 3, 2)).toHaveLength(0);
    expect(disagreementRegion(A, B, W, H, 9, 0)).toHaveLength(0);
  });

  it("keeps agreement, takes A's by default and B's where picked, with each pixel's provenance", () => {
    const start = adjudicate(A, B, W, H, []);
    expect([...start.labels]).toEqual([...A]);
    expect(provenanceCounts(start.provenance)).toEqual([12, 6, 0]);

    const picked = adjudicate(A, B, W, H, [{ x: 4, y: 0, take: 'b' }]);
    expect([...picked.labels]).toEqual([1, 1, 0, 0, 2, 2, 1, 0, 0, 0, 2, 0, 0, 0, 0, 3, 3, 3]);
    expect(picked.provenance[4]).toBe(PROVENANCE_B);
    expect(picked.provenance[0]).toBe(PROVENANCE_A);
    expect(picked.provenance[15]).toBe(PROVENANCE_AGREED);

    // A later pick of the same region overrides the earlier one.
    const back = adjudicate(A, B, W, H, [
      { x: 0, y: 0, take: 'b' },
      { x: 1, y: 0, take: 'a' },
    ]);
    expect([...back.labels]).toEqual([...A]);
  });

  it('refuses masks that do not fit the image', () => {
    expect(() => adjudicate(A.subarray(1), B, W, H, [])).toThrow(/pixels/);
  });
});
