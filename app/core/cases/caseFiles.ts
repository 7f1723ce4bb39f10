/** The stored files of a case as the viewer asks for them: decoded pixels, thumbnail, DICOM header. */
import type { ResponseOf } from '../../../shared/contract/channels.js';
import type { Core } from '../core.js';
import { dicomHeader } from './dicomHeader.js';

type CaseStore = Pick<Core, 'caseRepository' | 'blobs'>;

export function casePixels(core: CaseStore, caseId: number): ResponseOf<'getCasePixels'> {
  const { pixels, meta } = core.caseRepository.blobsOf(caseId);
  return { meta, data: core.blobs.get(pixels) };
}

export function caseThumbnail(core: CaseStore, caseId: number): ResponseOf<'getThumbnail'> {
  return { mimeType: 'image/png', data: core.blobs.get(core.caseRepository.blobsOf(caseId).thumbnail) };
}

/** The header of the original file; null for images that are not DICOM (PNG, PGM, JPEG). */
export function caseHeader(core: CaseStore, caseId: number): ResponseOf<'caseHeader'> {
  const detail = core.caseRepository.getDetail(caseId);
  return detail.format === 'dicom' ? dicomHeader(core.blobs.get(detail.fileSha256)) : null;
}
