import type { ReviewState } from '../../../shared/domain/case.js';

export type ExportFormat = 'png' | 'coco' | 'dicom-seg';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['png', 'coco', 'dicom-seg'];

/** Which cases go out; all optional, combined with AND. */
export interface ExportFilter {
  /** Review states to export; default accepted + corrected. */
  states?: ReviewState[];
  /** Model version of the case's latest model-made revision. */
  modelVersion?: string;
  /** ISO date or date-time: the latest revision was made at or after it. */
  from?: string;
  /** ISO date or date-time: the latest revision was made at or before it (a date alone includes that whole day, UTC). */
  to?: string;
  /** Only cases queued (true) or not queued (false) for fine-tuning. */
  queued?: boolean;
}

export interface ExportProgress {
  done: number;
  total: number;
  current: string;
}

export interface ExportOptions {
  format: ExportFormat;
  outDir: string;
  /** Project to export; default the core's default project. */
  projectId?: number;
  filter?: ExportFilter;
  /** PNG only: also write one 0/255 mask per non-background class. */
  perClassMasks?: boolean;
  /** Drop patient name/ID, hash UIDs, shift dates (deidentify.ts). */
  deidentify?: boolean;
  /** Salt for UID hashes and the date shift; default derived from the exported files. */
  deidentifySalt?: string;
  /** Replace a non-empty existing outDir. */
  force?: boolean;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportIssue {
  caseId: number;
  name: string;
  reason: string;
}

export interface ExportSummary {
  format: ExportFormat;
  outDir: string;
  /** Cases written. */
  exported: number;
  /** Cases that matched the filter but could not be written in this format (no mask, not DICOM). */
  skipped: ExportIssue[];
  /** Cases that failed with an error (e.g. an unreadable source file). */
  failed: ExportIssue[];
  /** Every file written, relative to outDir, sorted. */
  files: string[];
  deidentified: boolean;
  dateShiftDays: number | null;
}

/** One exported case as the manifest lists it (keys in this order in JSON and CSV). */
export interface ManifestCase {
  caseId: number;
  fileName: string;
  sourceName: string;
  sourceFile: string | null;
  fileSha256: string;
  reviewState: ReviewState;
  reviewer: string | null;
  revisionId: number;
  revisionTime: string;
  modelVersion: string | null;
  width: number;
  height: number;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  /** Pixels per class, in the order of the manifest's classes (index 0 = background). */
  classCounts: number[];
}

export interface ManifestClass {
  index: number;
  name: string;
  color: string;
}

export interface Manifest {
  manifestVersion: 1;
  generator: string;
  format: ExportFormat;
  project: string;
  deidentified: boolean;
  deidentification: { method: string; dateShiftDays: number } | null;
  filter: ExportFilter;
  classes: ManifestClass[];
  cases: ManifestCase[];
  skipped: ExportIssue[];
  failed: ExportIssue[];
}
