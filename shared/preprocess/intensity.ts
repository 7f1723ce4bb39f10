import type { PixelMeta } from '../domain/imaging.js';
import { modalityValue } from '../imaging/display.js';

/** The stored pixel types (the core's imaging PixelArray). */
export type StoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array;

/**
 * Network input intensities in [0, 1] from the full-depth stored pixels: modality LUT applied,
 * scaled between the 0.5th and 99.5th percentile (a marker or a burnt-in label does not squash
 * the tissue contrast), MONOCHROME1 inverted so dense tissue is always bright.
 */
export function toUnitIntensities(pixels: StoredPixels, meta: PixelMeta): Float32Array {
  const offset = meta.min;
  const span = meta.max - meta.min + 1;
  const histogram = new Uint32Array(span);
  for (let i = 0; i < pixels.length; i++) histogram[pixels[i]! - offset]!++;
  const at = (fraction: number): number => {
    const target = fraction * pixels.length;
    let seen = 0;
    for (let v = 0; v < span; v++) {
      seen += histogram[v]!;
      if (seen >= target) return v + offset;
    }
    return meta.max;
  };
  const lo = modalityValue(meta, at(0.005));
  const hi = modalityValue(meta, at(0.995));
  const scale = hi > lo ? 1 / (hi - lo) : 1;
  const invert = meta.photometric === 'MONOCHROME1';
  const lut = new Float32Array(span);
  for (let v = 0; v < span; v++) {
    const x = Math.min(1, Math.max(0, (modalityValue(meta, v + offset) - lo) * scale));
    lut[v] = invert ? 1 - x : x;
  }
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]! - offset]!;
  return out;
}
