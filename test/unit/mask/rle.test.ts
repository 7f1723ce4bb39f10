import { describe, expect, it } from 'vitest';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { firstDifference, realisticMask, rng } from './masks.js';

describe('mask RLE', () => {
  it('round-trips random masks with short runs, every byte value and odd lengths', () => {
    const random = rng(7);
    for (const length of [0, 1, 2, 127, 128, 129, 1000, 65_537]) {
      const labels = new Uint8Array(length);
      for (let i = 0; i < length; i++) labels[i] = random() < 0.5 ? 0 : Math.floor(random() * 256);
      expect(firstDifference(decodeMaskRle(encodeMaskRle(labels), length), labels)).toBe(-1);
    }
  });

  it('round-trips long runs whose lengths need multi-byte varints', () => {
    const labels = new Uint8Array(3_000_000);
    labels.fill(3, 200_000, 2_500_000);
    labels[2_999_999] = 255;
    const bytes = encodeMaskRle(labels);
    expect(bytes.length).toBeLessThanOrEqual(20);
    expect(firstDifference(decodeMaskRle(bytes, labels.length), labels)).toBe(-1);
  });

  it('keeps a realistic mostly-background mask small and exact', () => {
    const width = 1166;
    const height = 766;
    const labels = realisticMask(width, height);
    const bytes = encodeMaskRle(labels);
    expect(firstDifference(decodeMaskRle(bytes, labels.length), labels)).toBe(-1);
    // A few runs per row, each a value byte plus a 1-2 byte length.
    expect(bytes.length).toBeLessThan(height * 5 * 3);
  });

  it('documents the layout: version, pixel count, then value/length runs', () => {
    expect(Array.from(encodeMaskRle(Uint8Array.of(0, 0, 0, 1, 1)))).toEqual([1, 5, 0, 3, 1, 2]);
    expect(Array.from(encodeMaskRle(new Uint8Array(200)))).toEqual([1, 0xc8, 0x01, 0, 0xc8, 0x01]);
  });

  it('throws clear errors on corrupt or mismatched input', () => {
    const good = encodeMaskRle(Uint8Array.of(0, 0, 0, 1, 1));
    expect(() => decodeMaskRle(new Uint8Array(0), 5)).toThrow(/empty/);
    expect(() => decodeMaskRle(Uint8Array.of(2, 5, 0, 5), 5)).toThrow(/version 2/);
    expect(() => decodeMaskRle(good, 6)).toThrow(/encodes 5 pixels but 6/);
    expect(() => decodeMaskRle(good.subarray(0, 4), 5)).toThrow(/truncated after 3 of 5/);
    expect(() => decodeMaskRle(good.subarray(0, 5), 5)).toThrow(/truncated run length/);
    expect(() => decodeMaskRle(Uint8Array.of(1, 5, 0, 9), 5)).toThrow(/overflows/);
    expect(() => decodeMaskRle(Uint8Array.of(1, 5, 0, 0, 0, 5), 5)).toThrow(/zero-length run/);
    expect(() => decodeMaskRle(Uint8Array.of(...good, 7), 5)).toThrow(/1 trailing bytes/);
    expect(() => decodeMaskRle(Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), 5)).toThrow(/longer than 5 bytes/);
    expect(() => decodeMaskRle(good, -1)).toThrow(RangeError);
  });
});
