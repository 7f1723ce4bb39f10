import { describe, expect, it } from 'vitest';
import { classAgreement, diceCoefficient, intersectionOverUnion } from '../../../shared/mask/metrics.js';
import { parseMask } from './masks.js';

describe('Dice and IoU', () => {
  it('match hand-computed values on overlapping squares', () => {
    // Class 1: A has 4 pixels, B has 4, 2 shared -> Dice 4/8, IoU 2/6.
    const a = parseMask(['11..', '11..', '....']).labels;
    const b = parseMask(['.11.', '.11.', '....']).labels;
    expect(diceCoefficient(a, b, 1)).toBeCloseTo(0.5, 12);
    expect(intersectionOverUnion(a, b, 1)).toBeCloseTo(1 / 3, 12);
    const [bg, one] = classAgreement(a, b);
    expect(one).toMatchObject({ classIndex: 1, countA: 4, countB: 4, intersection: 2 });
    // Background: 8 each, 6 shared -> Dice 12/16, IoU 6/10.
    expect(bg!.dice).toBeCloseTo(0.75, 12);
    expect(bg!.iou).toBeCloseTo(0.6, 12);
  });

  it('is 1 for identical maps and 0 for disjoint classes', () => {
    const a = parseMask(['12', '21']).labels;
    expect(classAgreement(a, a).map((c) => c.dice)).toEqual([1, 1, 1]);
    const b = parseMask(['21', '12']).labels;
    expect(diceCoefficient(a, b, 1)).toBe(0);
    expect(intersectionOverUnion(a, b, 2)).toBe(0);
  });

  it('treats a class absent from both maps as agreement, and rejects size mismatch', () => {
    const a = new Uint8Array(4);
    expect(classAgreement(a, a, 3)[2]).toMatchObject({ dice: 1, iou: 1, countA: 0 });
    expect(() => classAgreement(a, new Uint8Array(5))).toThrow(RangeError);
  });
});
