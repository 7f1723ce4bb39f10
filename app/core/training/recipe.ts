/**
 * How a network is trained: one recipe for a training run and each fold of a cross-validation,
 * and the one place it becomes the engine's request fields (so `train` and `train --cv` cannot
 * drift apart in a default).
 */
import { gridOf, type ModelConfig, type ModelGrid } from '../../../shared/domain/modelConfig.js';
import type { TrainRequest } from '../../../shared/engine/protocol.js';

export interface TrainingRecipe {
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
  /** For a new model (from scratch, or a project without one). */
  inputSize?: number;
  widthMultiplier?: number;
  head?: ModelConfig['head'];
  decoder?: ModelConfig['decoder'];
  fit?: ModelConfig['fit'];
  skips?: boolean;
  guidance?: ModelConfig['guidance'];
  region?: ModelConfig['region'];
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
  return {
    numClasses,
    inputSize,
    ...(recipe.widthMultiplier ? { widthMultiplier: recipe.widthMultiplier } : {}),
    ...(recipe.head ? { head: recipe.head } : {}),
    ...(recipe.decoder ? { decoder: recipe.decoder } : {}),
    ...(recipe.fit ? { fit: recipe.fit } : {}),
    ...(recipe.skips ? { skips: true } : {}),
    ...(recipe.guidance ? { guidance: recipe.guidance } : {}),
    ...(recipe.region ? { region: recipe.region } : {}),
  };
}

/**
 * The grid the cases are prepared for: a fine-tune's parent decides (a model saved before `fit`
 * existed placed images 'contain'); a new model takes the recipe's.
 */
export function gridFor(parentConfig: Record<string, unknown> | undefined, recipe: TrainingRecipe): ModelGrid {
  if (parentConfig) return gridOf(parentConfig);
  return { inputSize: recipe.inputSize ?? 640, fit: recipe.fit ?? 'contain', ...(recipe.region ? { region: recipe.region } : {}) };
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
