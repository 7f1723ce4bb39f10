/**
 * Decode + first display mapping of one file, timed separately (for `mammoseg bench`).
 * Target: MG1_J2KI (4664x3064, JPEG 2000 lossy, 41 fragments) under 1.5 s in total.
 * The first call includes the codec's wasm instantiation (~20-30 ms); later calls reuse it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultVoi, mapToDisplay } from '../../../shared/imaging/display.js';
import { decodeImage } from './decode.js';
import { toPixelMeta } from './meta.js';

export async function benchDecodeAndDisplay(file: string): Promise<{ decodeMs: number; displayMs: number; width: number; height: number }> {
  const bytes = await readFile(file);
  const t0 = performance.now();
  const image = await decodeImage(bytes, path.basename(file));
  const t1 = performance.now();
  const meta = toPixelMeta(image);
  mapToDisplay(image.pixels, meta, defaultVoi(meta));
  const t2 = performance.now();
  return { decodeMs: t1 - t0, displayMs: t2 - t1, width: image.width, height: image.height };
}
