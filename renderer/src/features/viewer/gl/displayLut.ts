import type { PixelMeta } from '../../../../../shared/domain/imaging.js';
import { mapToDisplay, type DisplayVoi } from '../../../../../shared/imaging/display.js';

/**
 * The display LUT for the GPU: grey (0..255) for every stored value from meta.min to meta.max,
 * computed by the same shared mapping as thumbnails, so the viewer cannot drift from it.
 */
export function buildDisplayLut(meta: PixelMeta, voi: DisplayVoi, invert: boolean): Uint8Array {
  const span = Math.max(1, meta.max - meta.min + 1);
  const values = new Int32Array(span);
  for (let i = 0; i < span; i++) values[i] = meta.min + i;
  const grey = mapToDisplay(values, meta, voi, invert);
  return new Uint8Array(grey.buffer, grey.byteOffset, grey.length);
}

/** Stored values shifted by -min into 0..65535, the image texture's format. */
export function offsetPixels(values: ArrayLike<number>, min: number): Uint16Array {
  if (min === 0 && values instanceof Uint16Array) return values;
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! - min;
  return out;
}
