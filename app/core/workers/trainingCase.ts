/**
 * The CPU part of preparing one training sample (see training/dataset.ts): read the stored
 * pixels, preprocess them exactly as a prediction does (shared/preprocess) and sample the label
 * map at each model pixel's centre with the same placement. Runs in a pool worker, which reads the pixel blob itself, so the thread
 * that serves the UI never holds a 12-24 MB image while a run prepares its data.
 */
import { readFile } from 'node:fs/promises';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import type { Fit, InputRegion } from '../../../shared/domain/modelConfig.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { toModelLabels } from '../../../shared/preprocess/geometry.js';
import { preprocess } from '../../../shared/preprocess/preprocess.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';

export interface TrainingCaseJob {
  kind: 'trainingCase';
  /** Absolute path of the case's pixel blob. */
  pixelsPath: string;
  meta: PixelMeta;
  laterality: 'L' | 'R' | null;
  /** The head mask revision's RLE. */
  rle: Uint8Array;
  inputSize: number;
  /** The model's fit (absent: 'contain'). */
  fit?: Fit;
  /** The model's input region (absent: 'unit', the whole image). */
  region?: InputRegion;
}

export interface TrainingCaseResult {
  input: Float32Array;
  labels: Uint8Array;
}

export async function prepareTrainingCase({
  pixelsPath,
  meta,
  laterality,
  rle,
  inputSize,
  fit,
  region,
}: TrainingCaseJob): Promise<TrainingCaseResult> {
  const { input, placement } = preprocess(
    { pixels: pixelsFromBytes(await readFile(pixelsPath), meta.pixelType), meta },
    { inputSize, laterality, ...(fit ? { fit } : {}), ...(region ? { region } : {}) },
  );
  return { input, labels: toModelLabels(decodeMaskRle(rle, meta.width * meta.height), placement) };
}
