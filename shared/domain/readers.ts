/** Readers, agreement and adjudication as the contract carries them (issue 26). */
import { z } from 'zod';
import { ReviewerNameSchema } from './personName.js';

export const ReadersViewSchema = z.object({
  /** The reader recorded as author now. */
  current: z.string(),
  /** Every reader of this data folder, the current one included. */
  readers: z.array(z.string()),
  /** Blinded second reading: the others' masks, the model's and their states hidden until submit. */
  blinded: z.boolean(),
});
export type ReadersViewData = z.infer<typeof ReadersViewSchema>;

export const ReaderNameSchema = ReviewerNameSchema.refine((name) => name !== '', { message: 'a reader needs a name' });

export const PairAgreementSchema = z.object({
  a: z.string(),
  /** A reader, or "model" for the model's latest prediction. */
  b: z.string(),
  /** Dice per class 1.. (null: the class is in neither mask). */
  dice: z.array(z.number().nullable()),
  densityPoints: z.number().nullable(),
});

export const CaseAgreementSchema = z.object({
  caseId: z.number().int().positive(),
  caseName: z.string(),
  readers: z.array(z.string()),
  pairs: z.array(PairAgreementSchema),
  disagree: z.boolean(),
});

export const ThresholdsSchema = z.object({
  minDice: z.number().min(0).max(1),
  maxDensityPoints: z.number().min(0).max(100),
});

export const ProjectAgreementSchema = z.object({
  classNames: z.array(z.string()),
  thresholds: ThresholdsSchema,
  cases: z.array(CaseAgreementSchema),
  table: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      cases: z.number().int().nonnegative(),
      meanDice: z.array(z.number().nullable()),
      meanDensityPoints: z.number().nullable(),
      disagreeing: z.number().int().nonnegative(),
    }),
  ),
});
export type ProjectAgreementData = z.infer<typeof ProjectAgreementSchema>;

export const AdjudicationPickSchema = z
  .object({ x: z.number().int().nonnegative(), y: z.number().int().nonnegative(), take: z.enum(['a', 'b']) })
  .strict();
