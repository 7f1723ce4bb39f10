import { z } from 'zod';

/**
 * How a network is trained, in one schema with its defaults: the engine's TrainRequest carries
 * these fields filled (shared/engine/protocol.ts), a recipe may leave any out
 * (app/core/training/recipe.ts), and `mammoseg train` shows the defaults from here.
 */
export const TrainingSettingsSchema = z.object({
  /** Most epochs. */
  epochs: z.number().int().min(1).default(20),
  learningRate: z.number().positive().default(1e-3),
  /** Weight of the soft Dice term (helps small lesions); 0 = cross-entropy only. */
  diceWeight: z.number().min(0).default(0.5),
  /** Stop after this many epochs without a better validation Dice. */
  patience: z.number().int().min(0).default(4),
  augment: z.boolean().default(true),
  /** Which augmentation when `augment` (engine train/augment.ts); default 'basic', the first recipe. */
  augmentation: z.enum(['basic', 'mammo']).optional(),
  /** The overlap term added to cross-entropy (engine train/loss.ts); default 'dice'. */
  overlap: z.enum(['dice', 'tversky']).optional(),
  /** Cross-entropy weight per class; unset = uniform. */
  classWeights: z.array(z.number()).optional(),
  /** Learning rate per epoch (engine train/schedule.ts); default 'constant'. */
  schedule: z.enum(['constant', 'cosine']).optional(),
  /**
   * 'best' (default): the epoch with the best validation Dice, with early stopping; 'last': the
   * last epoch of a fixed-length run (no early stopping), when the epoch count was chosen by CV.
   */
  keep: z.enum(['best', 'last']).optional(),
  /** A click-guided model: the share of training samples given simulated clicks (default 0.4); ignored otherwise. */
  clickProbability: z.number().optional(),
  /**
   * Which runtime computes the training steps (engine parallel/stepper.ts): 'ort' (ONNX Runtime's
   * training graph, engine ortTrain/) or 'tfjs'. Unset: ONNX Runtime when the engine may use it
   * (backend 'auto') and it starts, else tfjs, with the reason.
   */
  trainer: z.enum(['ort', 'tfjs']).optional(),
});
/** The settings with defaults filled, as the engine receives them. */
export type TrainingSettings = z.output<typeof TrainingSettingsSchema>;
/** What a recipe may say (every field optional). */
export type TrainingSettingsInput = z.input<typeof TrainingSettingsSchema>;
export const TRAINING_DEFAULTS: Readonly<TrainingSettings> = Object.freeze(TrainingSettingsSchema.parse({}));
