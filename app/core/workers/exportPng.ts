/**
 * The CPU part of the PNG export of one case (export/formats/pngExport.ts): decode the stored
 * RLE, count pixels per class (the manifest's classCounts), encode the 8-bit label-index PNG
 * and, when asked, a 0/255 mask PNG per class. Runs in a pool worker: a 12-megapixel map is a
 * decode, a count and one deflate per PNG that the thread serving the UI should not make.
 */
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import { classMask, encodeGreyPng } from '../labels/formats/png.js';

export interface ExportPngJob {
  kind: 'exportPng';
  /** The revision's RLE. */
  rle: Uint8Array;
  width: number;
  height: number;
  /** The project's class count: the length of `classCounts` and the classes masked. */
  classes: number;
  /** A 0/255 mask PNG per class after background, too. */
  perClassMasks: boolean;
}

export interface ExportPngResult {
  /** The label-index PNG. */
  labels: Uint8Array;
  /** Class 1..classes-1's mask PNG, in class order; empty without perClassMasks. */
  classMasks: Uint8Array[];
  classCounts: number[];
}

export function encodeExportPng({ rle, width, height, classes, perClassMasks }: ExportPngJob): ExportPngResult {
  const labels = decodeMaskRle(rle, width * height);
  const classMasks: Uint8Array[] = [];
  if (perClassMasks) for (let index = 1; index < classes; index++) classMasks.push(encodeGreyPng(classMask(labels, index), width, height));
  return { labels: encodeGreyPng(labels, width, height), classMasks, classCounts: classPixelCounts(labels, classes) };
}
