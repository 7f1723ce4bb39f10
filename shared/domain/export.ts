/** The export request and its answer, as the `exportLabels` channel carries them. */
import { z } from 'zod';

export const ExportRequestSchema = z.object({
  projectId: z.number().int().positive(),
  format: z.enum(['png', 'coco', 'dicom-seg']),
  /**
   * Desktop app only: an absolute path of a folder on this machine (its parent must exist).
   * Absent: a new folder under the data folder's `exports/`. The browser host refuses any path:
   * a web page does not get to name folders on the machine that serves it.
   */
  outDir: z.string().min(1).max(4096).optional(),
  states: z.array(z.enum(['unreviewed', 'in_progress', 'accepted', 'corrected', 'rejected', 'flagged'])).optional(),
  queued: z.boolean().optional(),
  perClassMasks: z.boolean().optional(),
  /** PS3.15 Annex E de-identification with the data folder's secret. */
  deidentify: z.boolean().optional(),
  /** With outDir: replace an earlier MammoSeg export in that folder (nothing else is ever replaced). */
  force: z.boolean().optional(),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

const IssueSchema = z.object({ caseId: z.number().int(), name: z.string(), reason: z.string() });

export const ExportResultSchema = z.object({
  /** Where the export was written, on the machine that runs MammoSeg. */
  outDir: z.string(),
  exported: z.number().int(),
  skipped: z.array(IssueSchema),
  failed: z.array(IssueSchema),
  /** Number of files written. */
  files: z.number().int(),
  deidentified: z.boolean(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;
