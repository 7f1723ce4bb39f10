/**
 * Predicting with a reader's clicks on an image file (the `refine` command, `evaluate --clicks`,
 * `bench --suite interactive`): the image is read as `import` reads it and preprocessed once for
 * the model's grid; each request then maps its clicks into the grid (shared/preprocess/clicks.ts)
 * and runs one forward pass. The engine keeps the model loaded between requests.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModelGrid } from '../../../shared/domain/modelConfig.js';
import type { PredictOptions } from '../../../shared/engine/protocol.js';
import { toModelClick, type Click } from '../../../shared/preprocess/clicks.js';
import { preprocess, type Preprocessed } from '../../../shared/preprocess/preprocess.js';
import { decodeImage } from '../imaging/decode.js';
import { viewFromFileName } from '../imaging/fileNameView.js';
import { toPixelMeta } from '../imaging/meta.js';
import type { EngineClient } from '../engine/engineClient.js';

/** An image as the model sees it, kept between the clicks on it. */
export interface PreparedImage extends Preprocessed {
  width: number;
  height: number;
  /** The view (CC, MLO, ...) from the header, else the file name; the pectoral rule reads it. */
  view?: string;
}

/** Reads and preprocesses one image file (PNG, PGM, JPEG, DICOM) for a model grid. */
export async function prepareImageFile(path: string, grid: ModelGrid): Promise<PreparedImage> {
  const image = await decodeImage(await readFile(path), basename(path));
  const prepared = preprocess(
    { pixels: image.pixels, meta: toPixelMeta(image) },
    { ...grid, laterality: image.metadata.laterality ?? null },
  );
  const view = image.metadata.viewPosition ?? viewFromFileName(basename(path)).viewPosition;
  return { ...prepared, width: image.width, height: image.height, ...(view ? { view } : {}) };
}

/** Class per pixel of the image (its full size) after the model saw these clicks. */
export async function predictWithClicks(
  engine: EngineClient,
  modelDir: string,
  image: PreparedImage,
  clicks: readonly Click[],
  numClasses: number,
  /** What the app's mask gets beyond the network (the pectoral view rule, ...): shared/engine/protocol.ts. */
  options?: PredictOptions,
): Promise<Uint8Array> {
  const modelClicks = clicks.map((c) => toModelClick(c, image.placement, numClasses));
  // A copy crosses to the engine: the prepared input stays here for the next click.
  const input = image.input.slice();
  const result = await engine.request(
    { type: 'predict', modelDir, image: { input, placement: image.placement, clicks: modelClicks }, ...(options ? { options } : {}) },
    [input.buffer as ArrayBuffer],
  );
  return result.prediction.labels;
}

/**
 * The last image prepared, by path: a reader's next click on the same file skips reading and
 * preprocessing (a changed file, by size or modification time, is read again).
 */
export class PreparedImageCache {
  private entry: { path: string; key: string; image: PreparedImage } | null = null;

  constructor(private readonly grid: ModelGrid) {}

  async get(path: string): Promise<{ image: PreparedImage; cached: boolean }> {
    const s = await stat(path);
    if (!s.isFile()) throw new Error(`${path} is not a regular file`);
    const key = `${s.size}:${s.mtimeMs}`;
    if (this.entry && this.entry.path === path && this.entry.key === key) return { image: this.entry.image, cached: true };
    const image = await prepareImageFile(path, this.grid);
    this.entry = { path, key, image };
    return { image, cached: false };
  }
}
