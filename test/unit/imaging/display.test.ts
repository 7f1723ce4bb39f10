import { describe, expect, it } from 'vitest';
import { pixelMeta } from '../../support/pixelMeta.js';
import {
  applyVoi,
  autoWindow,
  defaultVoi,
  defaultWindow,
  mapToDisplay,
  pixelRange,
  voiAt,
  voiLabel,
} from '../../../shared/imaging/display.js';

const meta = pixelMeta;

describe('VOI functions (PS3.3 C.11.2.1.2)', () => {
  it('LINEAR: C 2048 W 4096 spans the 12-bit range; W 1 thresholds at C - 0.5', () => {
    const w = { center: 2048, width: 4096 };
    expect(applyVoi(0, w)).toBe(0);
    expect(applyVoi(4095, w)).toBe(255);
    expect(applyVoi(2047.5, w)).toBeCloseTo(127.5, 6);
    expect(applyVoi(99.5, { center: 100, width: 1 })).toBe(0);
    expect(applyVoi(99.6, { center: 100, width: 1 })).toBe(255);
  });

  it('LINEAR_EXACT: exact edges at C +- W/2', () => {
    const w = { center: 100, width: 100, fn: 'LINEAR_EXACT' as const };
    expect(applyVoi(50, w)).toBe(0);
    expect(applyVoi(100, w)).toBeCloseTo(127.5, 9);
    expect(applyVoi(150, w)).toBeCloseTo(255, 9);
    expect(applyVoi(151, w)).toBe(255);
  });

  it('SIGMOID: 255 / (1 + exp(-4 (x - C) / W))', () => {
    const w = { center: 100, width: 100, fn: 'SIGMOID' as const };
    expect(applyVoi(100, w)).toBeCloseTo(127.5, 9);
    expect(applyVoi(0, w)).toBeCloseTo(255 / (1 + Math.exp(4)), 9);
    expect(applyVoi(200, w)).toBeCloseTo(255 / (1 + Math.exp(-4)), 9);
  });

  it('VOI LUT table, scaled from its bits per entry, clamped at both ends', () => {
    const table = { kind: 'table' as const, firstValueMapped: 10, bitsPerEntry: 8, data: [0, 255, 128] };
    expect([5, 10, 11, 12, 99].map((x) => applyVoi(x, table))).toEqual([0, 0, 255, 128, 128]);
    // entries that exceed the declared bits widen the scale instead of overflowing
    const wide = { kind: 'table' as const, firstValueMapped: 0, bitsPerEntry: 8, data: [0, 4095] };
    expect(applyVoi(1, wide)).toBe(255);
  });
});

describe('presets and defaults', () => {
  const m = meta({
    vois: [
      { kind: 'table', firstValueMapped: 0, bitsPerEntry: 16, data: [0, 65535] },
      { kind: 'window', center: 1000, width: 500, fn: 'LINEAR_EXACT' },
    ],
  });
  it('voiAt picks by index, out of range gives the automatic window', () => {
    expect(voiAt(m, 0)).toEqual(m.vois[0]);
    expect(voiAt(m, 1)).toEqual({ center: 1000, width: 500, fn: 'LINEAR_EXACT' });
    expect(voiAt(m, 5)).toEqual(autoWindow(m));
    expect(defaultVoi(m)).toEqual(m.vois[0]);
    expect(defaultWindow(m)).toEqual({ center: 1000, width: 500, fn: 'LINEAR_EXACT' });
    expect(defaultWindow(meta())).toEqual({ center: 2047.5, width: 4095, fn: 'LINEAR' });
    expect(voiLabel(m, 0)).toBe('VOI LUT 1');
    expect(voiLabel(m, 1)).toBe('C 1000 / W 500 LINEAR_EXACT');
    expect(voiLabel(m, 2)).toBe('Full range');
  });

  it('the automatic window follows the modality LUT', () => {
    const ct = meta({ pixelType: 'int16', min: -1000, max: 3000, modalityLut: { kind: 'linear', slope: 1, intercept: -1024 } });
    expect(autoWindow(ct)).toEqual({ center: 1000 - 1024, width: 4000, fn: 'LINEAR' });
  });
});

describe('mapToDisplay', () => {
  it('MONOCHROME1 is inverted; invert flips again', () => {
    const px = new Uint16Array([0, 4095]);
    const w = { center: 2048, width: 4096 };
    expect([...mapToDisplay(px, meta(), w)]).toEqual([0, 255]);
    expect([...mapToDisplay(px, meta({ photometric: 'MONOCHROME1' }), w)]).toEqual([255, 0]);
    expect([...mapToDisplay(px, meta({ photometric: 'MONOCHROME1' }), w, true)]).toEqual([0, 255]);
  });

  it('signed pixels and a Voi entry from meta.vois are accepted as they are', () => {
    const px = new Int16Array([-2000, 0, 2000]);
    const m = meta({ pixelType: 'int16', min: -2000, max: 2000, vois: [{ kind: 'window', center: 0, width: 2001, fn: 'LINEAR' }] });
    expect([...mapToDisplay(px, m, m.vois[0]!)]).toEqual([0, 128, 255]);
  });

  it('values outside the stated min/max do not read past the table', () => {
    const px = new Uint8Array([0, 255]);
    const out = mapToDisplay(px, meta({ pixelType: 'uint8', min: 10, max: 20 }), { center: 128, width: 256 });
    expect([...out]).toEqual([0, 255]);
  });

  it('pixelRange', () => {
    expect(pixelRange(new Int16Array([3, -7, 12]))).toEqual({ min: -7, max: 12 });
    expect(pixelRange(new Uint8Array(0))).toEqual({ min: 0, max: 0 });
  });
});
