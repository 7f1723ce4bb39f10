/** What a reader sees beside the image: the source file's DICOM tags and this installation's settings. */
import { z } from 'zod';

/** One top-level element of the original DICOM file; patient identifiers included (UI only, never logs). */
export const DicomTagSchema = z.object({
  tag: z.string(),
  vr: z.string(),
  keyword: z.string(),
  value: z.string(),
});
export type DicomTagEntry = z.infer<typeof DicomTagSchema>;

export const InstallationSettingsSchema = z.object({
  /** The name set in the UI; null: none yet (the OS account or MAMMOSEG_USER is used). */
  reviewerName: z.string().nullable(),
  /** Who is recorded as author right now. */
  user: z.string(),
});
export type InstallationSettingsView = z.infer<typeof InstallationSettingsSchema>;
