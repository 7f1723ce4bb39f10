/**
 * PACS over DICOMweb: the connection (its secret travels in pacsConnect requests only, never in
 * an answer), study search results, import and send reports, and the per-case PACS record.
 */
import { z } from 'zod';
import { CaseIdSchema } from './case.js';
import { ImportReportSchema } from './import.js';

export const PacsAuthKindSchema = z.enum(['none', 'basic', 'bearer']);
export type PacsAuthKind = z.infer<typeof PacsAuthKindSchema>;

const BaseUrlSchema = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'the DICOMweb base URL must start with http:// or https://')
  .refine((u) => !/^https?:\/\/[^/]*@/i.test(u), 'put credentials in the auth fields, not in the URL');

export const PacsConnectRequestSchema = z.object({
  /** The DICOMweb root, e.g. http://pacs:8042/dicom-web (QIDO, WADO and STOW paths hang below it). */
  baseUrl: BaseUrlSchema,
  auth: PacsAuthKindSchema,
  /** Basic auth only. */
  username: z.string().max(256).optional(),
  /** Password (basic) or token (bearer). Absent with the same URL and user: the saved one is kept. */
  secret: z.string().max(8192).optional(),
});
export type PacsConnectRequest = z.infer<typeof PacsConnectRequestSchema>;

/** What the app tells about the saved connection: never the secret, only whether one is saved. */
export const PacsConnectionSchema = z.object({
  baseUrl: z.string(),
  auth: PacsAuthKindSchema,
  username: z.string().nullable(),
  hasSecret: z.boolean(),
});
export type PacsConnection = z.infer<typeof PacsConnectionSchema>;

export const PacsStatusSchema = z.object({
  connection: PacsConnectionSchema.nullable(),
  /** Runs of pacsImport now going (their ids, for pacsCancel). */
  running: z.array(z.string()),
});
export type PacsStatus = z.infer<typeof PacsStatusSchema>;

/** QIDO-RS study query. Dates are YYYY-MM-DD (inclusive); modality defaults to MG and RG. */
export const PacsSearchRequestSchema = z.object({
  patientName: z.string().max(256).optional(),
  patientId: z.string().max(256).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'from: YYYY-MM-DD')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'to: YYYY-MM-DD')
    .optional(),
  /** A modality code (MG), codes separated by commas (MG,RG: a study with either), or '' for any. */
  modality: z.string().max(16).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type PacsSearchRequest = z.infer<typeof PacsSearchRequestSchema>;

export const PacsStudySchema = z.object({
  studyInstanceUid: z.string(),
  patientName: z.string(),
  patientId: z.string(),
  /** YYYY-MM-DD, or '' when the PACS does not say. */
  studyDate: z.string(),
  description: z.string(),
  accessionNumber: z.string(),
  modalities: z.array(z.string()),
  instances: z.number().int().nullable(),
});
export type PacsStudy = z.infer<typeof PacsStudySchema>;

export const PacsImportRequestSchema = z.object({
  projectId: z.number().int().positive(),
  runId: z.string().min(1).max(64),
  studyInstanceUids: z.array(z.string().min(1).max(64)).min(1).max(500),
});

export const PacsImportReportSchema = ImportReportSchema.extend({
  /** Instances retrieved over WADO-RS. */
  retrieved: z.number().int(),
  /**
   * The study's DICOM SEGs, stored as their readers' masks of the images they reference
   * (issue 26): masks stored, equal to what was there, and each SEG not used with why.
   */
  segs: z
    .object({
      stored: z.number().int().nonnegative(),
      unchanged: z.number().int().nonnegative(),
      problems: z.array(z.string()),
    })
    .optional(),
});
export type PacsImportReport = z.infer<typeof PacsImportReportSchema>;

export const PacsProgressSchema = z.object({
  runId: z.string(),
  /** retrieve: instances coming over WADO-RS; import: the core import of what came. */
  phase: z.enum(['retrieve', 'import']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type PacsProgress = z.infer<typeof PacsProgressSchema>;

export const PacsSendRequestSchema = z.object({ caseIds: z.array(CaseIdSchema).min(1).max(10_000) });

/** One SEG sent (STOW-RS) for a case, as recorded in the data folder. */
export const PacsSentSegSchema = z.object({
  caseId: CaseIdSchema,
  revisionId: z.number().int(),
  segSopInstanceUid: z.string(),
  referencedSopInstanceUid: z.string(),
  baseUrl: z.string(),
  sentAt: z.string(),
});
export type PacsSentSeg = z.infer<typeof PacsSentSegSchema>;

export const PacsSendReportSchema = z.object({
  sent: z.array(PacsSentSegSchema),
  failed: z.array(z.object({ caseId: CaseIdSchema, reason: z.string() })),
});
export type PacsSendReport = z.infer<typeof PacsSendReportSchema>;
