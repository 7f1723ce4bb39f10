/**
 * The intensity brush's range from where the reader presses: mean +- k standard deviations of
 * the stored values in a small square around the point. A fixed default range (half the data
 * range) means nothing on a mammogram; the tissue under the cursor is what the reader wants to
 * follow, so the first press sets the range and the toolbar shows it.
 */
import type { Point } from './types.js';

export interface IntensitySampleOptions {
  /** Half the side of the square sampled (7x7 for 3). */
  half?: number;
  /** Standard deviations each side of the mean. */
  k?: number;
}

export function sampleIntensityRange(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  at: Point,
  { half = 3, k = 2 }: IntensitySampleOptions = {},
): { lo: number; hi: number } | null {
  const cx = Math.floor(at.x);
  const cy = Math.floor(at.y);
  if (cx < 0 || cy < 0 || cx >= width || cy >= height) return null;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = Math.max(0, cy - half); y <= Math.min(height - 1, cy + half); y++) {
    for (let x = Math.max(0, cx - half); x <= Math.min(width - 1, cx + half); x++) {
      const v = pixels[y * width + x]!;
      n++;
      sum += v;
      sumSq += v * v;
    }
  }
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  // At least +-1 so that a flat patch still paints its own value.
  const spread = Math.max(1, k * std);
  return { lo: Math.floor(mean - spread), hi: Math.ceil(mean + spread) };
}
