import { z } from 'zod';
import { ReviewStateSchema } from './case.js';

/** Review states that mean "this label is right": they go to the fine-tuning queue by default. */
export const TRAINABLE_STATES = ['accepted', 'corrected'] as const;

/**
 * States a human change of the mask puts back to "in progress": nobody had started, or the
 * verdict was about the mask as it was (an edited "accepted" mask is no longer what was
 * accepted, and a restore of the model's own revision is no longer "corrected"). Rejected and
 * flagged cases keep their verdict and comment while a reader works on them.
 */
export const REOPENED_BY_EDIT: readonly string[] = ['unreviewed', ...TRAINABLE_STATES];

export const ReviewEventSchema = z.object({
  id: z.number().int().positive(),
  caseId: z.number().int().positive(),
  state: ReviewStateSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  at: z.string(),
  /** The event this one undid (the toast's Undo), or null. */
  undoes: z.number().int().positive().nullable(),
});
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;

export const TrainingQueueSchema = z.object({
  queued: z.number().int().nonnegative(),
  byState: z.record(z.string(), z.number().int().nonnegative()),
  caseIds: z.array(z.number().int().positive()),
});
export type TrainingQueue = z.infer<typeof TrainingQueueSchema>;
