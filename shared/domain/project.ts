import { z } from 'zod';

/** One class of the label map. Its index in the schema is the pixel value in masks. */
export const LabelClassSchema = z.object({
  name: z.string().min(1).max(64),
  /** CSS hex colour, #rrggbb. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'colour must be #rrggbb'),
});
export type LabelClass = z.infer<typeof LabelClassSchema>;

/** Ordered classes; index 0 is background. At most 255 classes so a mask fits in a byte. */
export const LabelSchemaSchema = z.array(LabelClassSchema).min(2).max(255);
export type LabelSchema = z.infer<typeof LabelSchemaSchema>;

export const DEFAULT_LABEL_SCHEMA: LabelSchema = [
  { name: 'background', color: '#000000' },
  { name: 'lesion', color: '#ff3b30' },
];

export const ProjectSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  labelSchema: LabelSchemaSchema,
  createdAt: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;
