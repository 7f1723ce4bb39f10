/** The export request and its answer, as the `exportLabels` channel carries them. */
import { z } from 'zod';

/**
 * The export formats by name, with the line the CLI's help and the export dialog show. The core's
 * format registry (app/core/export/formats/registry.ts) has one writer per name here: its type
 * refuses to compile while a name lacks one.
 */
export const EXPORT_FORMAT_DESCRIPTIONS = {
  png: 'one 8-bit label-index PNG per case (labels/), optionally a 0/255 mask per class (classes/)',
  coco: 'one COCO JSON (annotations.json) with an image and an RLE annotation per class per case',
  'dicom-seg': 'one DICOM SEG per case referencing its source image (DICOM cases only)',
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMAT_DESCRIPTIONS;
const FORMAT_NAMES = Object.keys(EXPORT_FORMAT_DESCRIPTIONS) as [ExportFormat, ...ExportFormat[]];

export const ExportRequestSchema = z.object({
  projectId: z.number().int().positive(),
  format: z.enum(FORMAT_NAMES),
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
