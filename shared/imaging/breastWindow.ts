/**
 * The automatic window of a mammogram: percentiles of the breast's own values, not the file's
 * full range. A 12-bit mammogram spends most of 0-4095 on air and the detector's headroom, so a
 * full-range window shows tissue as flat grey. Air is split off with Otsu's threshold on the
 * histogram (air and breast form two clear modes), then the window spans the 1st to 99.5th
 * percentile of the breast pixels. Pure and shared, so thumbnails (core) and the viewer agree.
 */
import type { PixelMeta } from '../domain/imaging.js';
import { modalityValue, type Window } from './display.js';

export const BREAST_LOW_PERCENTILE = 0.01;
export const BREAST_HIGH_PERCENTILE = 0.995;
/** Below this share of pixels the "breast" is noise: use every pixel instead. */
const MIN_BREAST_SHARE = 0.02;

/** Histogram of stored values, offset by meta.min (fits any pixel type). */
function histogram(pixels: ArrayLike<number>, min: number, max: number): Uint32Array {
  const counts = new Uint32Array(Math.max(1, max - min + 1));
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v >= min && v <= max) counts[v - min]!++;
  }
  return counts;
}

/** Otsu's threshold: the bin index t that best separates bins <= t from bins > t. */
export function otsuThreshold(counts: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!;
    sum += i * counts[i]!;
  }
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < counts.length - 1; t++) {
    below += counts[t]!;
    sumBelow += t * counts[t]!;
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const diff = sumBelow / below - (sum - sumBelow) / above;
    const between = below * above * diff * diff;
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/** The bin at which the cumulative count of bins [from, to] reaches `share` of their total. */
function percentileBin(counts: ArrayLike<number>, from: number, to: number, share: number): number {
  let total = 0;
  for (let i = from; i <= to; i++) total += counts[i]!;
  const target = share * total;
  let seen = 0;
  for (let i = from; i <= to; i++) {
    seen += counts[i]!;
    if (seen >= target && seen > 0) return i;
  }
  return to;
}

/**
 * The breast window of stored `pixels`, in modality values (LINEAR). The breast is the side of
 * the Otsu threshold that is displayed brighter: high stored values for MONOCHROME2, low ones for
 * MONOCHROME1 (where air is stored high).
 */
export function breastWindow(pixels: ArrayLike<number>, meta: PixelMeta): Window {
  const counts = histogram(pixels, meta.min, meta.max);
  const last = counts.length - 1;
  const t = otsuThreshold(counts);
  const brightIsHigh = meta.photometric !== 'MONOCHROME1';
  let [from, to] = brightIsHigh ? [t + 1, last] : [0, t];
  let inside = 0;
  for (let i = from; i <= to; i++) inside += counts[i]!;
  if (last === 0 || inside < MIN_BREAST_SHARE * pixels.length) [from, to] = [0, last];
  const lo = modalityValue(meta, meta.min + percentileBin(counts, from, to, BREAST_LOW_PERCENTILE));
  const hi = modalityValue(meta, meta.min + percentileBin(counts, from, to, BREAST_HIGH_PERCENTILE));
  const min = Math.min(lo, hi);
  const max = Math.max(lo, hi);
  // The LINEAR window maps [c - 0.5 - (w-1)/2, c - 0.5 + (w-1)/2] to 0..255: centre and width of [min, max].
  return { center: (min + max + 1) / 2, width: Math.max(1, max - min + 1), fn: 'LINEAR' };
}
