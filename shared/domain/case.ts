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
  /** Mean entropy (nats) of the latest prediction inside the breast; null before any prediction. */
  uncertainty: z.number().nullable(),
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

/** 'uncertainty': most uncertain prediction first (mean entropy inside the breast), to review the most informative first. */
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
