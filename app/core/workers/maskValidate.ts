/**
 * The CPU part of checking a saved mask: decoding its RLE to a full-size label map (6 M pixels
 * for a 2000x3000 image), counting pixels per class and, with the parent's RLE, counting the
 * pixels the edit changed. Runs in a pool worker on every save, so the thread that serves the
 * UI only compares the counts with the project's classes.
 */
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';

export interface MaskValidateJob {
  kind: 'maskValidate';
  rle: Uint8Array;
  /** The parent revision's RLE (already validated when it was saved), or null for a first mask. */
  parentRle?: Uint8Array | null;
  /** width x height of the case. */
  pixelCount: number;
  /** The project's class count: the length of `classCounts`. */
  classes: number;
}

export interface MaskValidateResult {
  /** Highest class index present + 1 (at least 1). */
  classesUsed: number;
  /** Pixels per class, `classes` long. */
  classCounts: number[];
  /** Pixels whose class differs from the parent's (labelled pixels when there is none). */
  changedPixels: number;
}

/** Throws decodeMaskRle's own error for a malformed RLE or one of the wrong length. */
export function validateMaskRle({ rle, parentRle, pixelCount, classes }: MaskValidateJob): MaskValidateResult {
  const labels = decodeMaskRle(rle, pixelCount);
  const parent = parentRle ? decodeMaskRle(parentRle, pixelCount) : null;
  let changedPixels = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== (parent ? parent[i] : 0)) changedPixels++;
  return { classesUsed: classPixelCounts(labels).length, classCounts: classPixelCounts(labels, classes), changedPixels };
}
