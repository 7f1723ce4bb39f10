/**
 * PNG label maps: one 8-bit grey PNG per case whose pixel values are the class indices, and
 * optionally one 0/255 mask per class. Written without text chunks (nothing time-dependent), so
 * the bytes are reproducible; read like any label-map image (labelMap.ts).
 */
import { encode } from 'fast-png';
import { readLabelMap } from './labelMap.js';
import type { LabelFormat } from './types.js';

/** 8-bit greyscale PNG of `pixels` (a label map or a class mask). */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  return encode({ width, height, data: pixels, channels: 1, depth: 8 });
}

/** The pixels of class `classIndex` as 255, everything else 0 (a per-class mask). */
export function classMask(labels: Uint8Array, classIndex: number): Uint8Array {
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] === classIndex) mask[i] = 255;
  return mask;
}

export const pngFormat = { name: 'png', read: readLabelMap, write: encodeGreyPng } satisfies LabelFormat<
  typeof readLabelMap,
  typeof encodeGreyPng
>;
