/**
 * The DICOM SEG of one case's mask revision, as the export and the PACS send both build it: the
 * source DICOM from the blob store, the case's UIDs, the revision's provenance. A case imported from
 * anything but DICOM has no SEG (there is no source instance to reference).
 */
import type { CaseDetail } from '../../../shared/domain/case.js';
import type { LabelClass } from '../../../shared/domain/project.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { Core } from '../core.js';
import type { Deidentifier } from '../export/deidentify.js';
import { buildDicomSeg, type SegResult } from './formats/dicomSeg.js';

export const NOT_DICOM = (format: string): string => `not imported from DICOM (format ${format}): a DICOM SEG needs a source DICOM image`;

export interface CaseSegInput {
  detail: CaseDetail;
  head: MaskRevision;
  labels: Uint8Array;
  classes: readonly LabelClass[];
  sourceBlob: string;
  reviewer: string | null;
  deidentifier: Deidentifier | null;
}

/**
 * Who made the SEG's mask and as what (issue 26): a consensus is its adjudicator's; a reader's
 * mask is its author's; a model prediction accepted as it is names the reviewer who accepted it.
 */
export function segAuthorship(
  core: Pick<Core, 'readerRepository'>,
  head: MaskRevision,
  reviewer: string | null,
): { reviewer: string | null; role: 'reader' | 'consensus' } {
  if (core.readerRepository.latestConsensus(head.caseId)?.revisionId === head.id) return { reviewer: head.author, role: 'consensus' };
  return { reviewer: head.source === 'model' ? reviewer : head.author, role: 'reader' };
}

/** What building a SEG reads from the core: the source image, the version, consensus authorship. */
export type SegSources = Pick<Core, 'blobs' | 'version' | 'readerRepository'>;

export function buildCaseSeg(
  core: SegSources,
  { detail, head, labels, classes, sourceBlob, reviewer, deidentifier }: CaseSegInput,
): SegResult {
  return buildDicomSeg({
    labels,
    width: detail.width,
    height: detail.height,
    classes: [...classes],
    source: {
      bytes: core.blobs.get(sourceBlob),
      studyInstanceUid: detail.studyInstanceUid,
      seriesInstanceUid: detail.seriesInstanceUid,
      sopInstanceUid: detail.sopInstanceUid,
    },
    revisionId: head.id,
    revisionTime: head.createdAt,
    revisionSource: head.source,
    modelVersion: detail.modelVersion,
    ...segAuthorship(core, head, reviewer),
    softwareVersion: core.version,
    deidentifier,
  });
}
