import { z } from 'zod';
import { LateralitySchema, PixelMetaSchema } from './imaging.js';

export const ReviewStateSchema = z.enum([
  'unreviewed',
  'in_progress',
  'accepted', // the prediction was right
  'corrected',
  'rejected', // unusable image
  'flagged', // second opinion wanted
]);
export type ReviewState = z.infer<typeof ReviewStateSchema>;

export const CaseIdSchema = z.number().int().positive();

export const CaseSummarySchema = z.object({
  id: CaseIdSchema,
  projectId: z.number().int().positive(),
  /** The file name it was imported from. */
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  laterality: LateralitySchema.nullable(),
  viewPosition: z.string().nullable(),
  reviewState: ReviewStateSchema,
  reviewComment: z.string().nullable(),
  /** Whether the case's current label goes to the next fine-tuning run. */
  queued: z.boolean(),
  /** Model version of the latest model-made revision, if any. */
  modelVersion: z.string().nullable(),
  revisionCount: z.number().int().nonnegative(),
  /**
   * How much the latest prediction needs a look, higher first: its review score (TTA
   * disagreement and shape plausibility, shared/review/reviewScore.ts); for a prediction made
   * before the score, its mean entropy (nats) inside the breast. Null before any prediction.
   */
  uncertainty: z.number().nullable(),
  /** What drives the review score, largest first ("TTA disagreement 14%", …); null without a score. */
  reviewDrivers: z.array(z.string()).nullable(),
  /** Why the image seems not to be a mammogram (header or model); null when not flagged or confirmed by a reader. */
  notMammogram: z.string().nullable(),
  importedAt: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseDetailSchema = CaseSummarySchema.extend({
  format: z.string(),
  sourcePath: z.string().nullable(),
  fileSha256: z.string(),
  pixelSha256: z.string(),
  modality: z.string().nullable(),
  manufacturer: z.string().nullable(),
  studyInstanceUid: z.string().nullable(),
  seriesInstanceUid: z.string().nullable(),
  sopInstanceUid: z.string().nullable(),
  /** Shown in the UI, never written to logs. */
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  frameCount: z.number().int().positive(),
  pixelMeta: PixelMetaSchema,
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** 'uncertainty': the prediction most likely wrong first (its review score, see CaseSummary.uncertainty), to review those first. */
export const CaseSortSchema = z.enum(['imported', 'name', 'state', 'uncertainty']);

/** Filters of the case list; all optional, combined with AND. */
export const CaseFilterSchema = z.object({
  states: z.array(ReviewStateSchema).optional(),
  laterality: LateralitySchema.optional(),
  viewPosition: z.string().max(16).optional(),
  modelVersion: z.string().max(64).optional(),
  queued: z.boolean().optional(),
  /** Substring of the file name. */
  search: z.string().max(256).optional(),
  sort: CaseSortSchema.optional(),
});
export type CaseFilter = z.infer<typeof CaseFilterSchema>;
