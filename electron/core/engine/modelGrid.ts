import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelJsonConfig, type ModelConfig } from '../../../shared/domain/modelConfig.js';

/** The config the engine saved in a model folder's model.json; throws when it is not a MammoSeg model. */
export function readModelConfig(modelDir: string): ModelConfig {
  const config = modelJsonConfig(JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')));
  if (!config) throw new Error(`${modelDir} is not a MammoSeg model (no valid config in model.json)`);
  return config;
}

/** The grid size S of a model folder: images are preprocessed for it before they go to the engine. */
export function modelInputSize(modelDir: string): number {
  return readModelConfig(modelDir).inputSize;
}
