import { encode } from 'fast-png';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import { defaultVoi, mapToDisplay } from '../../../shared/imaging/display.js';
import type { PixelArray } from '../imaging/types.js';

export const THUMBNAIL_MAX_SIDE = 256;

/**
 * An 8-bit PNG no larger than 256 px a side, aspect kept. Box-averages the stored values
 * first (cheap, and no aliasing of fine calcifications into speckle), then applies the same
 * display mapping as the viewer so the thumbnail looks like the image.
 */
export function makeThumbnail(pixels: PixelArray, meta: PixelMeta): Uint8Array {
  const scale = Math.min(1, THUMBNAIL_MAX_SIDE / Math.max(meta.width, meta.height));
  const w = Math.max(1, Math.round(meta.width * scale));
  const h = Math.max(1, Math.round(meta.height * scale));
  const sums = new Float64Array(w * h);
  const counts = new Uint32Array(w * h);
  const xIndex = new Uint32Array(meta.width);
  for (let x = 0; x < meta.width; x++) xIndex[x] = Math.min(w - 1, Math.floor((x * w) / meta.width));
  for (let y = 0; y < meta.height; y++) {
    const row = Math.min(h - 1, Math.floor((y * h) / meta.height)) * w;
    const base = y * meta.width;
    for (let x = 0; x < meta.width; x++) {
      const t = row + xIndex[x]!;
      sums[t]! += pixels[base + x]!;
      counts[t]!++;
    }
  }
  const averaged = new Int32Array(w * h);
  for (let i = 0; i < averaged.length; i++) averaged[i] = Math.round(sums[i]! / Math.max(1, counts[i]!));
  const grey = mapToDisplay(averaged, meta, defaultVoi(meta));
  return encode({ width: w, height: h, data: new Uint8Array(grey.buffer), channels: 1, depth: 8 });
}
