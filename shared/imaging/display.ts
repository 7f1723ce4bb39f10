/**
 * View-time display mapping: stored value -> modality LUT -> VOI -> 8-bit grey, then
 * MONOCHROME1 inverted. Pure functions over typed arrays so the core (thumbnails) and the
 * renderer (viewer) show the same grey levels.
 */
import type { PixelMeta } from '../domain/imaging.js';

export interface Window {
  center: number;
  width: number;
}

type Pixels = ArrayLike<number>;

function modalityValue(meta: PixelMeta, stored: number): number {
  const lut = meta.modalityLut;
  if (lut.kind === 'linear') return stored * lut.slope + lut.intercept;
  const index = Math.min(Math.max(stored - lut.firstValueMapped, 0), lut.data.length - 1);
  return lut.data[index]!;
}

/** The window a reader starts from: the file's first window, else the full modality range. */
export function defaultWindow(meta: PixelMeta): Window {
  const first = meta.vois[0];
  if (first?.kind === 'window') return { center: first.center, width: first.width };
  const lo = modalityValue(meta, meta.min);
  const hi = modalityValue(meta, meta.max);
  const min = Math.min(lo, hi);
  const max = Math.max(lo, hi);
  return { center: (min + max) / 2, width: Math.max(1, max - min) };
}

/** DICOM PS3.3 C.11.2.1.2.1 LINEAR window, output 0..255. */
function linearWindow(x: number, w: Window): number {
  const c = w.center - 0.5;
  const width = Math.max(1, w.width) - 1;
  if (x <= c - width / 2) return 0;
  if (x > c + width / 2) return 255;
  return ((x - c) / width + 0.5) * 255;
}

/**
 * Maps stored pixels to 8-bit display values with the given window (LINEAR function).
 * Uses a lookup table over the stored-value range, so a 4664x3064 image maps in one pass.
 */
export function mapToDisplay(pixels: Pixels, meta: PixelMeta, window: Window, invert = false): Uint8ClampedArray {
  const lo = Math.floor(meta.min);
  const span = Math.floor(meta.max) - lo + 1;
  const lut = new Uint8ClampedArray(span);
  const flip = (meta.photometric === 'MONOCHROME1') !== invert;
  for (let i = 0; i < span; i++) {
    const v = linearWindow(modalityValue(meta, lo + i), window);
    lut[i] = flip ? 255 - v : v;
  }
  const out = new Uint8ClampedArray(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]! - lo]!;
  return out;
}

/** Min and max of a stored pixel array (needed for the automatic window and the LUT range). */
export function pixelRange(pixels: Pixels): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return pixels.length ? { min, max } : { min: 0, max: 0 };
}
