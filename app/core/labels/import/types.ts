/** What the label importers take and report. */
export type LabelImportFormat = 'png' | 'coco' | 'label-map' | 'mias' | 'dicom-seg';
export const LABEL_IMPORT_FORMATS: readonly LabelImportFormat[] = ['png', 'coco', 'label-map', 'mias', 'dicom-seg'];

export interface LabelImportItem {
  file: string;
  caseId: number;
  caseName: string;
  revisionId: number | null;
}

export interface LabelImportProblem {
  file: string;
  reason: string;
}

export interface LabelImportSummary {
  /** Stored as a new revision. */
  imported: LabelImportItem[];
  /** Equal to the case's latest revision: nothing stored. */
  unchanged: LabelImportItem[];
  /** No case matched the file (or annotation). */
  unmatched: LabelImportProblem[];
  /** Matched, but unusable (wrong size, unmapped values, bad RLE...). */
  failed: LabelImportProblem[];
}

export interface LabelImportCommon {
  projectId?: number;
  /** Author of the new revisions; default core.user. */
  author?: string;
  /** Secret a de-identified export was made with; default the data folder's. */
  deidentifySecret?: Uint8Array | string;
  onProgress?: (progress: { done: number; total: number; current: string }) => void;
}
