import { z } from 'zod';
import { CaseSummarySchema } from './case.js';

export const ImportFailureSchema = z.object({ name: z.string(), reason: z.string() });
export type ImportFailure = z.infer<typeof ImportFailureSchema>;

export const ImportReportSchema = z.object({
  imported: z.array(CaseSummarySchema),
  /** Exact duplicates (same decoded pixels or same SOP Instance UID) that were skipped. */
  duplicates: z.array(z.object({ name: z.string(), existingCaseId: z.number().int() })),
  failed: z.array(ImportFailureSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportProgressSchema = z.object({
  /** Identifies one import run, so a UI can follow the run it started. */
  runId: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  current: z.string(),
  failed: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;
