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
import type { TrainRequest } from '../../../shared/engine/protocol.js';

/** A run's recipe: how to train, and (NewModelOptions) the architecture of a new model. */
export interface TrainingRecipe extends NewModelOptions {
  fromScratch?: boolean;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  diceWeight?: number;
  patience?: number;
  augment?: boolean;
  augmentation?: TrainRequest['augmentation'];
  overlap?: TrainRequest['overlap'];
  classWeights?: number[];
  schedule?: TrainRequest['schedule'];
  keep?: TrainRequest['keep'];
  /** A click-guided model: the share of training samples with simulated clicks. */
  clickProbability?: number;
  /** The training runtime (TrainRequest.trainer); unset: the engine chooses. */
  trainer?: TrainRequest['trainer'];
}

export const DEFAULT_EPOCHS = 20;

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
export function recipeRequest(
  recipe: TrainingRecipe,
  inputSize: number,
): Pick<
  TrainRequest,
  | 'epochs'
  | 'batchSize'
  | 'learningRate'
  | 'diceWeight'
  | 'patience'
  | 'augment'
  | 'augmentation'
  | 'overlap'
  | 'classWeights'
  | 'schedule'
  | 'keep'
  | 'clickProbability'
  | 'trainer'
  | 'seed'
> {
  return {
    epochs: recipe.epochs ?? DEFAULT_EPOCHS,
    batchSize: batchSizeFor(recipe, inputSize),
    learningRate: recipe.learningRate ?? 1e-3,
    diceWeight: recipe.diceWeight ?? 0.5,
    patience: recipe.patience ?? 4,
    augment: recipe.augment ?? true,
    ...(recipe.augmentation ? { augmentation: recipe.augmentation } : {}),
    ...(recipe.overlap ? { overlap: recipe.overlap } : {}),
    ...(recipe.classWeights ? { classWeights: recipe.classWeights } : {}),
    ...(recipe.schedule ? { schedule: recipe.schedule } : {}),
    ...(recipe.keep ? { keep: recipe.keep } : {}),
    ...(recipe.clickProbability !== undefined ? { clickProbability: recipe.clickProbability } : {}),
    ...(recipe.trainer ? { trainer: recipe.trainer } : {}),
    seed: 1,
  };
}
