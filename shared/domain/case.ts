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
