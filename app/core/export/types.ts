import type { DisagreementThresholds, PairAgreement, ProjectPairSummary } from '../../../shared/readers/agreement.js';
import type { ReviewState } from '../../../shared/domain/case.js';
import type { SpacingSource } from '../../../shared/measure/spacing.js';

import type { ExportFormat } from '../../../shared/domain/export.js';

export type { ExportFormat };

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
  /**
   * Absolute path of the export folder; its parent must exist. Absent: a new folder under
   * `<data>/exports/` (target.ts), the only place exports requested from a browser go.
   */
  outDir?: string;
  /** Project to export; default the core's default project. */
  projectId?: number;
  filter?: ExportFilter;
  /** PNG only: also write one 0/255 mask per non-background class. */
  perClassMasks?: boolean;
  /** PS3.15 Annex E de-identification (deidentify.ts). */
  deidentify?: boolean;
  /** The de-identification secret (at least 16 bytes); default the data folder's (deidSecret.ts). */
  deidentifySecret?: Uint8Array | string;
  /** Replace an existing non-empty outDir, which must hold an earlier MammoSeg export. */
  force?: boolean;
  /** Cancels the export: the temporary folder is removed and the signal's reason is thrown. */
  signal?: AbortSignal;
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
}

/** One exported case as the manifest lists it (keys in this order in JSON and CSV). */
export interface ManifestCase {
  caseId: number;
  fileName: string;
  /** The source file's name; in a de-identified export the case's opaque id. */
  sourceName: string;
  sourceFile: string | null;
  /** Null in a de-identified export (a file hash links back to the file). */
  fileSha256: string | null;
  reviewState: ReviewState;
  reviewer: string | null;
  revisionId: number;
  /**
   * Null in a de-identified export: a revision is made near the time of export, so its moved
   * time beside the files' dates gave the offset away (and with it the true study dates).
   */
  revisionTime: string | null;
  modelVersion: string | null;
  width: number;
  height: number;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  /** Pixels per class, in the order of the manifest's classes (index 0 = background). */
  classCounts: number[];
  /** Which pixel spacing the areas use (shared/measure/spacing.ts); absent in older manifests. */
  spacingSource?: SpacingSource;
  /** cm² per class in the order of classCounts, or "uncalibrated" when the file has no spacing. */
  areasCm2?: number[] | 'uncalibrated';
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
  /** How the export was de-identified; never the secret or the date offset. */
  deidentification: { method: string; codes: { value: string; scheme: 'DCM'; meaning: string }[] } | null;
  filter: ExportFilter;
  classes: ManifestClass[];
  cases: ManifestCase[];
  skipped: ExportIssue[];
  failed: ExportIssue[];
  /** Inter-reader agreement (issue 26), only when exported cases have two readers' masks. */
  readerAgreement?: ManifestAgreement;
}

/** The manifest's agreement figures: shared/readers/agreement.ts over the exported cases. */
export interface ManifestAgreement {
  thresholds: DisagreementThresholds;
  table: ProjectPairSummary[];
  cases: { caseId: number; readers: string[]; disagree: boolean; pairs: PairAgreement[] }[];
}
