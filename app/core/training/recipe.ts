/**
 * How a network is trained: one recipe for a training run and each fold of a cross-validation,
 * and the one place it becomes the engine's request fields (so `train` and `train --cv` cannot
 * drift apart in a default).
 */
import {
  gridOf,
  NEW_MODEL_DEFAULTS,
  NEW_MODEL_OPTION_KEYS,
  type ModelConfig,
  type ModelGrid,
  type NewModelOptions,
} from '../../../shared/domain/modelConfig.js';
import {
  TRAINING_DEFAULTS,
  TrainingSettingsSchema,
  type TrainingSettings,
  type TrainingSettingsInput,
} from '../../../shared/domain/trainingSettings.js';
import type { TrainRequest } from '../../../shared/engine/protocol.js';

const TRAINING_SETTING_KEYS = Object.keys(TrainingSettingsSchema.shape) as (keyof TrainingSettings)[];

/** A run's recipe: how to train (any setting left out takes its default), and the architecture of a new model. */
export interface TrainingRecipe extends NewModelOptions, TrainingSettingsInput {
  fromScratch?: boolean;
  batchSize?: number;
}

export const DEFAULT_EPOCHS = TRAINING_DEFAULTS.epochs;

/** wasm has 4 GB of memory: a 640 x 1 step at batch 1 peaks near 2.7 GB, so batch 2 does not fit. */
export function batchSizeFor(recipe: TrainingRecipe, inputSize: number): number {
  return recipe.batchSize ?? (inputSize >= 512 ? 1 : 2);
}

/** The architecture a new model gets (a fine-tune keeps its parent's). */
export function newModelConfig(recipe: TrainingRecipe, numClasses: number, inputSize: number): Partial<ModelConfig> {
  const config: Partial<ModelConfig> = {};
  // Only what the recipe names: the engine fills the rest from the schema's defaults.
  for (const key of NEW_MODEL_OPTION_KEYS) if (recipe[key] !== undefined) Object.assign(config, { [key]: recipe[key] });
  return { ...config, numClasses, inputSize };
}

/**
 * The grid the cases are prepared for: a fine-tune's parent decides (a model saved before `fit`
 * existed placed images as the schema's default says); a new model takes the recipe's.
 */
export function gridFor(parentConfig: Record<string, unknown> | undefined, recipe: TrainingRecipe): ModelGrid {
  if (parentConfig) return gridOf(parentConfig);
  return {
    inputSize: recipe.inputSize ?? NEW_MODEL_DEFAULTS.inputSize,
    fit: recipe.fit ?? NEW_MODEL_DEFAULTS.fit,
    ...(recipe.region ? { region: recipe.region } : {}),
  };
}

/** The request fields the recipe decides, defaults filled. */
export function recipeRequest(recipe: TrainingRecipe, inputSize: number): TrainingSettings & Pick<TrainRequest, 'batchSize' | 'seed'> {
  const settings: Record<string, unknown> = { ...TRAINING_DEFAULTS };
  // Only the settings (a recipe also carries the new model's fields and the run's own options).
  for (const key of TRAINING_SETTING_KEYS) if (recipe[key] !== undefined) settings[key] = recipe[key];
  return { ...(settings as TrainingSettings), batchSize: batchSizeFor(recipe, inputSize), seed: 1 };
}
