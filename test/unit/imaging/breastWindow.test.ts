import { describe, expect, it } from 'vitest';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import { pixelMeta } from '../../support/pixelMeta.js';
import { breastWindow } from '../../../shared/imaging/breastWindow.js';
import { presetOf, windowPresets } from '../../../shared/imaging/windowPresets.js';

const W = 200;
const H = 100;
const meta = (over: Partial<PixelMeta> = {}): PixelMeta => pixelMeta({ width: W, height: H, ...over });

/** A 12-bit "mammogram": air (0-40) on the left 60 %, tissue 1000-1799 on the right, a few saturated pixels. */
function synthetic(air: (i: number) => number, tissue: (i: number) => number): Uint16Array {
  const px = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = x < 120 ? air(x + y) : tissue((x - 120) * 10 + (y % 10));
  px[0] = 4095;
  px[1] = 4095;
  return px;
}

describe('breastWindow', () => {
  it('spans the tissue, not the air or the detector range (MONOCHROME2)', () => {
    const px = synthetic(
      (i) => i % 41,
      (i) => 1000 + (i % 800),
    );
    const w = breastWindow(px, meta());
    const lo = w.center - w.width / 2;
    const hi = w.center + w.width / 2;
    expect(lo).toBeGreaterThanOrEqual(990);
    expect(lo).toBeLessThan(1030);
    expect(hi).toBeGreaterThan(1770);
    expect(hi).toBeLessThanOrEqual(1810);
  });

  it('takes the low side for MONOCHROME1, where air is stored high', () => {
    const px = synthetic(
      (i) => 4000 + (i % 41),
      (i) => 1000 + (i % 800),
    );
    px[0] = 0;
    px[1] = 0;
    const w = breastWindow(px, meta({ photometric: 'MONOCHROME1' }));
    expect(w.center - w.width / 2).toBeGreaterThanOrEqual(990);
    expect(w.center + w.width / 2).toBeLessThanOrEqual(1810);
  });

  it('applies the modality LUT (rescale) to the window', () => {
    const px = synthetic(
      (i) => i % 41,
      (i) => 1000 + (i % 800),
    );
    const w = breastWindow(px, meta({ modalityLut: { kind: 'linear', slope: 2, intercept: -100 } }));
    expect(w.center - w.width / 2).toBeGreaterThan(1850);
  });

  it('keeps a fatty film breast above black: fat and dense tissue are two modes, air a third (issue 23)', () => {
    // 8-bit film: air 0-5 on the left 50 %, then fat ramping 10-109 and dense tissue 180-229.
    const px = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) px[y * W + x] = x < 100 ? (x + y) % 6 : x < 150 ? 10 + ((x - 100) * 2 + (y % 2)) : 180 + ((x + y) % 50);
    }
    const w = breastWindow(px, meta({ pixelType: 'uint8', bitsStored: 8, max: 255 }));
    const lo = w.center - w.width / 2;
    expect(lo).toBeGreaterThanOrEqual(5);
    expect(lo).toBeLessThan(11);
    expect(w.center + w.width / 2).toBeGreaterThan(225);
  });

  it('falls back to every pixel on a flat image', () => {
    const w = breastWindow(new Uint16Array(W * H).fill(7), meta({ min: 7, max: 7 }));
    expect(w.width).toBe(1);
    expect(w.center).toBe(7.5);
  });
});

describe('windowPresets', () => {
  it('drops file windows equal to another preset and reports Custom for an unknown window', () => {
    const px = synthetic(
      (i) => i % 41,
      (i) => 1000 + (i % 800),
    );
    const m = meta({
      vois: [
        { kind: 'window', center: 2047.5, width: 4096, fn: 'LINEAR' },
        { kind: 'window', center: 2047.5, width: 4096, fn: 'LINEAR' },
        { kind: 'window', center: 1400, width: 600, fn: 'LINEAR' },
      ],
    });
    const presets = windowPresets(m, px);
    expect(presets.map((p) => p.key)).toEqual(['breast', 'file:0', 'file:2']);
    expect(presetOf(presets, { center: 1400, width: 600, fn: 'LINEAR' })?.key).toBe('file:2');
    expect(presetOf(presets, { center: 1450, width: 600 })).toBeNull();
  });
});
