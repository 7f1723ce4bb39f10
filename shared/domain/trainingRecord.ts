import { z } from 'zod';

/**
 * What a training run produced, as the engine answers it, the core stores it in the model
 * version row and resources/models/<name>/training.json records it, and the CLI and the Models
 * panel show it.
 */

export const EpochMetricsSchema = z.object({
  epoch: z.number().int(),
  /** Mean training loss of the epoch; null for epoch 0 (the parent, not trained; JSON turns NaN into null). */
  loss: z.number().nullable(),
  /** Validation Dice per class (index 0 = background). */
  dice: z.array(z.number()),
  /** Mean Dice over the foreground classes: the figure early stopping and versions compare. */
  meanDice: z.number(),
});
export type EpochMetrics = z.infer<typeof EpochMetricsSchema>;

export const TrainMetricsSchema = z.object({
  /** Validation Dice of the starting weights (the parent), epoch 0. */
  parent: EpochMetricsSchema,
  best: EpochMetricsSchema,
  history: z.array(EpochMetricsSchema),
  stoppedEarly: z.boolean(),
  /**
   * What the Dice was measured on: a held-out validation split (absent: every run before the
   * field), or the training cases themselves (a run on all the data, `train --no-hold-out`,
   * whose honest estimate is its cross-validation, not these figures).
   */
  validatedOn: z.enum(['held-out', 'training']).optional(),
  /**
   * What the score rests on: only cases whose labels a person made or changed are held out
   * (never a prediction accepted unchanged). 'too-few': fewer than `needed` of them, so the run
   * held none out and its figures are no score (validatedOn 'training'). Absent: a run before
   * the rule, or one without a hold-out by choice.
   */
  scoring: z
    .object({
      status: z.enum(['scored', 'too-few']),
      /** Human-labelled cases among the run's cases. */
      corrected: z.number().int().nonnegative(),
      needed: z.number().int().positive(),
    })
    .optional(),
});
export type TrainMetrics = z.infer<typeof TrainMetricsSchema>;

/** A model folder's training.json (the shipped starter has one): how it was made. */
export const TrainingRecordSchema = z.object({
  /** The run's settings (cases, epochs, rates); free-form, shown as they are. */
  training: z.record(z.string(), z.unknown()).optional(),
  metrics: TrainMetricsSchema.optional(),
  durationS: z.number().optional(),
  backend: z.string().optional(),
  trainedOn: z.string().optional(),
});
export type TrainingRecord = z.infer<typeof TrainingRecordSchema>;
