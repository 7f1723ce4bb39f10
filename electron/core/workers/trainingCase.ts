/**
 * The CPU part of preparing one training sample (see training/dataset.ts): read the stored
 * pixels, map them to unit intensities, resize to the model grid and sample the label map at each
 * model pixel's centre. Runs in a pool worker, which reads the pixel blob itself, so the thread
 * that serves the UI never holds a 12-24 MB image while a run prepares its data.
 */
import { readFile } from 'node:fs/promises';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { chestWallIsRight, placement, toModelInput } from '../../engine/preprocess/geometry.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';
import { toUnitIntensities } from '../engine/intensity.js';

export interface TrainingCaseJob {
  kind: 'trainingCase';
  /** Absolute path of the case's pixel blob. */
  pixelsPath: string;
  meta: PixelMeta;
  laterality: 'L' | 'R' | null;
  /** The head mask revision's RLE. */
  rle: Uint8Array;
  inputSize: number;
}

export interface TrainingCaseResult {
  input: Float32Array;
  labels: Uint8Array;
}

export async function prepareTrainingCase({ pixelsPath, meta, laterality, rle, inputSize }: TrainingCaseJob): Promise<TrainingCaseResult> {
  const data = toUnitIntensities(pixelsFromBytes(await readFile(pixelsPath), meta.pixelType), meta);
  const where = placement(meta.width, meta.height, inputSize, chestWallIsRight(data, meta.width, meta.height, laterality));
  const full = decodeMaskRle(rle, meta.width * meta.height);
  const labels = new Uint8Array(inputSize * inputSize);
  for (let my = 0; my < where.height; my++) {
    const sy = Math.min(meta.height - 1, Math.floor((my + 0.5) * where.step));
    for (let mx = 0; mx < where.width; mx++) {
      const sx = Math.min(meta.width - 1, Math.floor((mx + 0.5) * where.step));
      labels[my * inputSize + mx] = full[sy * meta.width + (where.flip ? meta.width - 1 - sx : sx)]!;
    }
  }
  return { input: toModelInput(data, where), labels };
}
