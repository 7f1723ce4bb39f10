/**
 * The CPU part of a click refinement's first request for a case (clicks/caseRefiner.ts): read
 * the stored pixels and preprocess them for the model's grid, exactly as a prediction does. Runs
 * in a pool worker, which reads the pixel blob itself, so the thread that serves the UI never
 * walks a 12-24 MB image; the refinements after it reuse the result from the core's cache.
 */
import { readFile } from 'node:fs/promises';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import type { ModelGrid } from '../../../shared/domain/modelConfig.js';
import { preprocess, type Preprocessed } from '../../../shared/preprocess/preprocess.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';

export interface ModelInputJob {
  kind: 'modelInput';
  /** Absolute path of the case's pixel blob. */
  pixelsPath: string;
  meta: PixelMeta;
  laterality: 'L' | 'R' | null;
  grid: ModelGrid;
}

export async function prepareModelInput({ pixelsPath, meta, laterality, grid }: ModelInputJob): Promise<Preprocessed> {
  return preprocess({ pixels: pixelsFromBytes(await readFile(pixelsPath), meta.pixelType), meta }, { ...grid, laterality });
}
