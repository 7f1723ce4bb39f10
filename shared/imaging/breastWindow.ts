/**
 * The automatic window of a mammogram: the breast's own values, not the file's full range. A
 * 12-bit mammogram spends most of 0-4095 on air and the detector's headroom, so a full-range
 * window shows tissue as flat grey. Air is the histogram's dominant mode at the dark end; its
 * upper edge is found with the triangle method (Zack et al.: the bin farthest below the line from
 * the air peak to the far end of the histogram), which follows the knee where air stops and
 * tissue starts. Otsu's threshold, used before, splits a fatty film breast in two (fat and dense
 * tissue form the two modes, not air and breast) and left the anterior breast and the skin line
 * black. The window spans the 0.1st to 99.5th percentile of the pixels above that edge, so the
 * faintest breast (the skin line) is just above black. Pure and shared, so thumbnails (core) and
 * the viewer agree.
 */
import type { PixelMeta } from '../domain/imaging.js';
import { modalityValue, type Window } from './display.js';

export const BREAST_LOW_PERCENTILE = 0.001;
export const BREAST_HIGH_PERCENTILE = 0.995;
/** Below this share of pixels the "breast" is noise: use every pixel instead. */
const MIN_BREAST_SHARE = 0.02;

/** Histogram of stored values, offset by meta.min (fits any pixel type). */
function histogram(pixels: ArrayLike<number>, min: number, max: number): Uint32Array {
  const counts = new Uint32Array(Math.max(1, max - min + 1));
  if (pixels instanceof Uint16Array) return uint16Histogram(pixels, min, max, counts);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v >= min && v <= max) counts[v - min]!++;
  }
  return counts;
}

/** The 16-bit case on its own, so V8 compiles its loop for one element type (display.ts pixelRange says why). */
function uint16Histogram(pixels: Uint16Array, min: number, max: number, counts: Uint32Array): Uint32Array {
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

/** At most this many bins for finding air: a 12-bit histogram bin by bin is mostly noise. */
const EDGE_BINS = 256;

/** `counts` summed into groups of `size` consecutive bins. */
function grouped(counts: ArrayLike<number>, size: number): Float64Array {
  const out = new Float64Array(Math.ceil(counts.length / size));
  for (let i = 0; i < counts.length; i++) out[Math.floor(i / size)]! += counts[i]!;
  return out;
}

/**
 * The last bin of the background mode of `counts` (bins in display order: background first):
 * the triangle threshold between the tallest group of the darker side (Otsu) and zero just past
 * the last non-empty bin (not that bin's own count: a saturated spike there would tilt the line).
 * The vertical gap to the line ranks bins as the perpendicular distance does (one line).
 */
export function backgroundEdge(counts: ArrayLike<number>): number {
  const size = Math.max(1, Math.ceil(counts.length / EDGE_BINS));
  const bins = grouped(counts, size);
  let end = bins.length - 1;
  while (end > 0 && bins[end] === 0) end--;
  const darkEnd = Math.max(0, Math.min(end, otsuThreshold(bins)));
  let peak = 0;
  for (let i = 1; i <= darkEnd; i++) if (bins[i]! > bins[peak]!) peak = i;
  const slope = -bins[peak]! / (end + 1 - peak);
  let best = peak;
  let bestGap = -Infinity;
  for (let i = peak + 1; i <= end; i++) {
    const gap = bins[peak]! + slope * (i - peak) - bins[i]!;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return Math.min(counts.length - 1, best * size + size - 1);
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
 * The breast window of stored `pixels`, in modality values (LINEAR). Air is displayed dark: low
 * stored values for MONOCHROME2, high ones for MONOCHROME1 (where the histogram is read from the
 * top down).
 */
export function breastWindow(pixels: ArrayLike<number>, meta: PixelMeta): Window {
  const stored = histogram(pixels, meta.min, meta.max);
  const last = stored.length - 1;
  const brightIsHigh = meta.photometric !== 'MONOCHROME1';
  const counts = brightIsHigh ? stored : stored.slice().reverse();
  let from = backgroundEdge(counts) + 1;
  let to = last;
  let inside = 0;
  for (let i = from; i <= to; i++) inside += counts[i]!;
  if (last === 0 || inside < MIN_BREAST_SHARE * pixels.length) [from, to] = [0, last];
  const toStored = (bin: number) => meta.min + (brightIsHigh ? bin : last - bin);
  const lo = modalityValue(meta, toStored(percentileBin(counts, from, to, BREAST_LOW_PERCENTILE)));
  const hi = modalityValue(meta, toStored(percentileBin(counts, from, to, BREAST_HIGH_PERCENTILE)));
  const min = Math.min(lo, hi);
  const max = Math.max(lo, hi);
  // The LINEAR window maps [c - 0.5 - (w-1)/2, c - 0.5 + (w-1)/2] to 0..255: centre and width of [min, max].
  return { center: (min + max + 1) / 2, width: Math.max(1, max - min + 1), fn: 'LINEAR' };
}
