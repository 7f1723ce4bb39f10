import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The grid size S of a model folder, from the config the engine saved in model.json: images are
 * preprocessed for it before they go to the engine.
 */
export function modelInputSize(modelDir: string): number {
  const meta = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as { userDefinedMetadata?: { mammoseg?: { inputSize?: number } } };
  const size = meta.userDefinedMetadata?.mammoseg?.inputSize;
  if (!size) throw new Error(`${modelDir} is not a MammoSeg model (no input size in model.json)`);
  return size;
}
