import { describe, expect, it } from 'vitest';
import { runEnd, wordView } from '../../../shared/mask/scan.js';
import { rng } from './masks.js';

/** Byte-loop reference. */
function naiveRunEnd(labels: Uint8Array, start: number, end: number, value: number): number {
  let i = start;
  while (i < end && labels[i] === value) i++;
  return i;
}

describe('runEnd', () => {
  it('agrees with a byte loop on aligned and unaligned views, at every start and end', () => {
    const random = rng(41);
    const backing = new Uint8Array(203);
    let i = 0;
    while (i < backing.length) {
      const length = 1 + Math.floor(random() * 40);
      backing.fill(random() < 0.6 ? 0 : 1 + Math.floor(random() * 3), i, i + length);
      i += length;
    }
    for (const offset of [0, 1, 3, 4]) {
      const labels = backing.subarray(offset);
      const words = wordView(labels);
      expect(words === null).toBe(offset % 4 !== 0);
      for (let start = 0; start < labels.length; start += 3) {
        for (const end of [labels.length, Math.min(labels.length, start + 17), Math.min(labels.length, start + 60)]) {
          const value = labels[start]!;
          expect(runEnd(labels, words, start, end, value)).toBe(naiveRunEnd(labels, start, end, value));
        }
      }
    }
  });
});
