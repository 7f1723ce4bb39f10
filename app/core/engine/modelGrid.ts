import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridOf, modelJsonConfig, type ModelConfig, type ModelGrid } from '../../../shared/domain/modelConfig.js';

/** The config the engine saved in a model folder's model.json; throws when it is not a MammoSeg model. */
export function readModelConfig(modelDir: string): ModelConfig {
  const config = modelJsonConfig(JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')));
  if (!config) throw new Error(`${modelDir} is not a MammoSeg model (no valid config in model.json)`);
  return config;
}

/** A model folder's grid (size S and how images fit it): images are preprocessed for it before they go to the engine. */
export function modelGrid(modelDir: string): ModelGrid {
  return gridOf(readModelConfig(modelDir));
}
