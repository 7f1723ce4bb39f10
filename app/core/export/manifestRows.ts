/**
 * The manifest's content: a row per exported case and the manifest around them. De-identified,
 * a row keeps nothing that names the patient, the file or the reader (opaque stem, remapped UIDs,
 * no times) and the filter loses its dates (they would reveal the date offset).
 */
import type { CaseDetail, CaseSummary } from '../../../shared/domain/case.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { LabelClass } from '../../../shared/domain/project.js';
import { DEID_MANIFEST_METHOD, DEID_METHOD_CODES, type Deidentifier } from './deidentify.js';
import type { ExportFilter, ExportFormat, ExportIssue, Manifest, ManifestCase } from './types.js';

export const sortIssues = (issues: ExportIssue[]): ExportIssue[] => [...issues].sort((a, b) => a.caseId - b.caseId);

export function manifestRow(
  c: { summary: CaseSummary; detail: CaseDetail; head: MaskRevision; classCounts: number[]; stem: string; reviewer: string | null },
  fileName: string,
  deid: Deidentifier | null,
): ManifestCase {
  const { summary, detail, head } = c;
  return {
    caseId: summary.id,
    fileName,
    sourceName: deid ? c.stem : summary.name,
    sourceFile: deid ? null : detail.sourcePath,
    fileSha256: deid ? null : detail.fileSha256,
    reviewState: summary.reviewState,
    reviewer: deid ? null : c.reviewer,
    revisionId: head.id,
    revisionTime: deid ? null : head.createdAt,
    modelVersion: summary.modelVersion,
    width: summary.width,
    height: summary.height,
    studyInstanceUid: deid ? deid.uid(detail.studyInstanceUid) : detail.studyInstanceUid,
    seriesInstanceUid: deid ? deid.uid(detail.seriesInstanceUid) : detail.seriesInstanceUid,
    sopInstanceUid: deid ? deid.uid(detail.sopInstanceUid) : detail.sopInstanceUid,
    classCounts: c.classCounts,
  };
}

export function buildManifest(m: {
  version: string;
  format: ExportFormat;
  project: string;
  deid: Deidentifier | null;
  filter: ExportFilter;
  classes: readonly LabelClass[];
  rows: ManifestCase[];
  skipped: ExportIssue[];
  failed: ExportIssue[];
}): Manifest {
  return {
    manifestVersion: 1,
    generator: `MammoSeg ${m.version}`,
    format: m.format,
    project: m.project,
    deidentified: Boolean(m.deid),
    deidentification: m.deid
      ? { method: DEID_MANIFEST_METHOD, codes: DEID_METHOD_CODES.map((c) => ({ value: c.value, scheme: 'DCM', meaning: c.meaning })) }
      : null,
    // Real dates of the filter would reveal the offset next to the moved revision times.
    filter: m.deid ? withoutDates(m.filter) : m.filter,
    classes: m.classes.map((c, index) => ({ index, name: c.name, color: c.color })),
    cases: m.rows,
    skipped: sortIssues(m.skipped),
    failed: sortIssues(m.failed),
  };
}

function withoutDates(filter: ExportFilter): ExportFilter {
  const { from: _from, to: _to, ...rest } = filter;
  return rest;
}
