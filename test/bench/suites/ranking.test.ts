import { describe, expect, it } from 'vitest';
import { ranks, spearman, topShare } from '../../../app/cli/bench/rankStats.js';

describe('ranking bench figures', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
  });

  it("Spearman's rho: 1 for the same order, -1 reversed, unaffected by a monotone transform", () => {
    const x = [0.1, 0.5, 0.2, 0.9, 0.3];
    expect(
      spearman(
        x,
        x.map((v) => Math.exp(v)),
      ),
    ).toBeCloseTo(1);
    expect(
      spearman(
        x,
        x.map((v) => -v),
      ),
    ).toBeCloseTo(-1);
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('the share of the k worst in the top k', () => {
    const badness = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3];
    expect(topShare(badness, badness, 3)).toBe(1);
    expect(topShare([0, 1, 0, 1, 0, 1], badness, 3)).toBe(0);
    expect(topShare([1, 0, 0, 1, 1, 0], badness, 3)).toBeCloseTo(2 / 3);
  });
});
