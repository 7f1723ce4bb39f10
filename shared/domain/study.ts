/**
 * Studies (the four screening views of one visit) and the measurements shown beside a case.
 * A study is keyed by Study Instance UID, else patient + study date, else the folder the files
 * came from (app/core/studies/studyKey.ts), so PNG exports of one visit still group.
 */
import { z } from 'zod';
import { CaseIdSchema } from './case.js';

export const StudySlotSchema = z.enum(['RCC', 'LCC', 'RMLO', 'LMLO']);
export type StudySlot = z.infer<typeof StudySlotSchema>;
/** Hanging order: RCC | LCC over RMLO | LMLO. */
export const STUDY_SLOTS: readonly StudySlot[] = ['RCC', 'LCC', 'RMLO', 'LMLO'];

export const SpacingSchema = z.object({
  rowMm: z.number().nullable(),
  colMm: z.number().nullable(),
  source: z.enum(['pixel-spacing', 'imager-magnification', 'imager', 'uncalibrated']),
});

export const DensitySchema = z.object({
  percent: z.number(),
  quartile: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
});

export const StudySchema = z.object({
  key: z.string(),
  /** What a reader calls it: the date and patient, or the folder. */
  label: z.string(),
  studyDate: z.string().nullable(),
  caseIds: z.array(CaseIdSchema),
  /** The case hung in each slot; null where that view is missing. */
  slots: z.object({
    RCC: CaseIdSchema.nullable(),
    LCC: CaseIdSchema.nullable(),
    RMLO: CaseIdSchema.nullable(),
    LMLO: CaseIdSchema.nullable(),
  }),
  /** Mean of the images' area densities (tissue projects with labelled images), else null. */
  density: DensitySchema.extend({ images: z.number().int() }).nullable(),
});
export type Study = z.infer<typeof StudySchema>;

export const ClassAreaSchema = z.object({
  classIndex: z.number().int(),
  name: z.string(),
  pixels: z.number().int(),
  /** null when uncalibrated. */
  areaCm2: z.number().nullable(),
});

export const CaseMeasurementsSchema = z.object({
  caseId: CaseIdSchema,
  spacing: SpacingSchema,
  /** "0.07 mm from Imager Pixel Spacing ÷ magnification factor", or why it is uncalibrated. */
  spacingNote: z.string(),
  /** The mask revision measured (the latest); null before any mask. */
  revisionId: z.number().int().nullable(),
  classes: z.array(ClassAreaSchema),
  /** Area-based density, for tissue projects (fibroglandular and pectoral classes). */
  density: DensitySchema.nullable(),
});
export type CaseMeasurements = z.infer<typeof CaseMeasurementsSchema>;

/** Density per case, for sorting the case list. */
/** Per case, for the case list's study grouping: the study's key and its header label. */
export const CaseDensitySchema = z.object({
  caseId: CaseIdSchema,
  percent: z.number().nullable(),
  studyKey: z.string(),
  studyLabel: z.string(),
});
export type CaseDensity = z.infer<typeof CaseDensitySchema>;
