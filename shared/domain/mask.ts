import { z } from 'zod';

export const RevisionSourceSchema = z.enum(['model', 'user', 'import']);
export type RevisionSource = z.infer<typeof RevisionSourceSchema>;

/** One stored mask revision (append-only): who, when, from what, and its class pixel counts. */
export const MaskRevisionSchema = z.object({
  id: z.number().int().positive(),
  caseId: z.number().int().positive(),
  parentId: z.number().int().positive().nullable(),
  source: RevisionSourceSchema,
  author: z.string(),
  modelVersion: z.string().nullable(),
  createdAt: z.string(),
  /** Pixels per class index, index 0 = background. */
  classCounts: z.array(z.number().int().nonnegative()),
});
export type MaskRevision = z.infer<typeof MaskRevisionSchema>;
