import { describe, expect, it } from 'vitest';
import { AdjudicationSession, pairColor } from '../../../renderer/src/editor/adjudication.js';

// 4 x 2: A labels the left column pair 1, B the right one 2.
const A = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0]);
const B = Uint8Array.from([0, 0, 0, 2, 0, 0, 0, 2]);
const COLORS = ['#000000', '#ff0000', '#0000ff'];

describe('adjudication session', () => {
  it("takes A's or B's region under the cursor, undoes, and hands the picks to save", () => {
    const s = new AdjudicationSession(A, B, 4, 2);
    expect(s.disagreeing()).toBe(4);
    expect(s.pick(1.5, 0.5, 'a')).toBe(0); // they agree there: nothing, no pick recorded
    expect(s.pick(0, 1, 'b')).toBe(2);
    expect(s.pick(3, 0, 'b')).toBe(2);
    expect([...s.provenance()]).toEqual([2, 0, 0, 2, 2, 0, 0, 2]);
    expect(s.currentPicks()).toEqual([
      { x: 0, y: 1, take: 'b' },
      { x: 3, y: 0, take: 'b' },
    ]);
    expect(s.undo()).toBe(true);
    expect([...s.provenance()]).toEqual([2, 0, 0, 1, 2, 0, 0, 1]);
    expect(s.undo()).toBe(true);
    expect(s.undo()).toBe(false);
  });

  it('colours disagreement by the ordered pair of classes and lists the pairs', () => {
    const s = new AdjudicationSession(A, B, 4, 2);
    const rgba = s.differenceRgba(COLORS);
    expect([...rgba.slice(0, 4)]).toEqual([...pairColor(COLORS, 1, 0), 255]);
    expect([...rgba.slice(12, 16)]).toEqual([...pairColor(COLORS, 0, 2), 255]);
    expect([...rgba.slice(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(pairColor(COLORS, 1, 2)).not.toEqual(pairColor(COLORS, 2, 1));
    expect(s.pairs()).toEqual([
      { a: 1, b: 0, pixels: 2 },
      { a: 0, b: 2, pixels: 2 },
    ]);
  });
});
