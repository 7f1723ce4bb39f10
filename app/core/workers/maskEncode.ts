/**
 * The CPU part of storing a label map the core computed (a click refinement's full-resolution
 * labels): RLE-encode it, count pixels per class and, with the parent's RLE, count the pixels it
 * changed. The twin of maskValidate.ts, which does the same for an RLE a client sent. Runs in a
 * pool worker: a 12-megapixel map is three passes the UI's thread should not make.
 */
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';

export interface MaskEncodeJob {
  kind: 'maskEncode';
  /** Class index per pixel, owned by the job (transferred in). */
  labels: Uint8Array;
  /** The parent revision's RLE, or null for a first mask. */
  parentRle: Uint8Array | null;
  /** The project's class count: the length of `classCounts`. */
  classes: number;
}

export interface MaskEncodeResult {
  rle: Uint8Array;
  /** Highest class index present + 1 (at least 1). */
  classesUsed: number;
  classCounts: number[];
  changedPixels: number;
  /**
   * The job's labels, handed back (moved, not copied, out of a worker) for a caller that still
   * needs them: segment-all's fallback when a reader saved meanwhile.
   */
  labels: Uint8Array;
}

export function encodeMask({ labels, parentRle, classes }: MaskEncodeJob): MaskEncodeResult {
  const parent = parentRle ? decodeMaskRle(parentRle, labels.length) : null;
  let changedPixels = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== (parent ? parent[i] : 0)) changedPixels++;
  return {
    rle: encodeMaskRle(labels),
    classesUsed: classPixelCounts(labels).length,
    classCounts: classPixelCounts(labels, classes),
    changedPixels,
    labels,
  };
}
