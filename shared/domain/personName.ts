/**
 * The reviewer's name is written into DICOM SEGs as ContentCreatorName, a PN (person name)
 * value: `\` separates values (the SEG's PN must hold one), `=` separates the alphabetic,
 * ideographic and phonetic groups, `^` separates at most five components, and control or format
 * characters (NUL, escape, the right-to-left override U+202E that turns a name around on screen)
 * are not characters of any DICOM character repertoire. 64 characters per group at most.
 * The name is checked when it is set (ReviewerNameSchema) and made safe again when written
 * (safePersonName), since names also come from MAMMOSEG_USER, the OS account and older settings.
 */
import { z } from 'zod';

export const PERSON_NAME_MAX = 64;
const FORBIDDEN = /[\\=\p{Cc}\p{Cf}]/u;
const FORBIDDEN_ALL = /[\\=\p{Cc}\p{Cf}]/gu;
const MAX_CARETS = 4;

const carets = (name: string): number => name.split('^').length - 1;

/** A reviewer name as the setting takes it (trimmed; "" clears the setting). */
export const ReviewerNameSchema = z
  .string()
  .trim()
  .max(PERSON_NAME_MAX, `a reviewer name has at most ${PERSON_NAME_MAX} characters`)
  .refine((name) => !FORBIDDEN.test(name), {
    message: 'a reviewer name cannot hold \\, = or control/format characters (DICOM person name rules)',
  })
  .refine((name) => carets(name) <= MAX_CARETS, { message: `a reviewer name has at most ${MAX_CARETS} ^ separators` });

/** Any name made into one valid PN value: forbidden characters dropped, extra ^ as spaces, 64 characters. */
export function safePersonName(name: string): string {
  let components = 0;
  const cleaned = name.replace(FORBIDDEN_ALL, '').replace(/\^/g, () => (++components > MAX_CARETS ? ' ' : '^'));
  return Array.from(cleaned.trim()).slice(0, PERSON_NAME_MAX).join('').trim();
}
