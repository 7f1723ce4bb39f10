import { z } from 'zod';

/**
 * Who made a revision: the model alone, a person (editor, restore), imported labels, or the model
 * re-run with the reader's clicks ('clicks', shown as "model + clicks").
 */
export const RevisionSourceSchema = z.enum(['model', 'user', 'import', 'clicks']);
export type RevisionSource = z.infer<typeof RevisionSourceSchema>;

/**
 * Why a revision exists. Every editor change autosaves, undo and redo included (nothing is
 * lost), but only edits, restores and model/import revisions are points a reader lists.
 */
export const RevisionKindSchema = z.enum(['edit', 'undo', 'redo', 'restore']);
export type RevisionKind = z.infer<typeof RevisionKindSchema>;

/**
 * A click of the click tool: "the pixel (x, y) of the stored image is class `class`" (origin top
 * left, as the file is stored, never flipped); shared/preprocess/clicks.ts maps it to the model.
 */
export const ClickSchema = z
  .object({
    x: z.number().int().nonnegative(),
    y: z.number().int().nonnegative(),
    class: z.number().int().nonnegative().max(254),
  })
  .strict();

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
  kind: RevisionKindSchema,
  /** The editor tool of the change (brush, eraser, fill holes…); null for model, import, old rows. */
  tool: z.string().nullable(),
  classIndex: z.number().int().nonnegative().nullable(),
  /** Pixels whose class differs from the parent revision (all labelled pixels for a first one). */
  changedPixels: z.number().int().nonnegative().nullable(),
  /** The clicks of a 'clicks' revision (all of the click session, oldest first); null for the others. */
  clicks: z.array(ClickSchema).nullable(),
});
export type MaskRevision = z.infer<typeof MaskRevisionSchema>;
