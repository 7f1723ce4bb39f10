/** QIDO-RS study search: the form's fields as query keys, DICOM JSON answers as plain rows. */
import type { PacsSearchRequest, PacsStudy } from '../../../shared/domain/pacs.js';
import { DicomwebClient, text, type ClientOptions, type DicomJson } from './dicomwebClient.js';
import type { StoredConnection } from './connectionStore.js';

const INCLUDE_FIELDS = ['00081030', '00080061', '00201208', '00080050'];

/**
 * Mammograms and digitised mammography films: a film scanned into DICOM is often stored as RG
 * (the shared MG1 file is), so MG alone missed them (issue 23 item 8).
 */
export const DEFAULT_MODALITIES = 'MG,RG';

/** The query of a search request for one modality code (PS3.18 8.3.4: attribute keywords; ranges as A-B; * wildcards). */
export function qidoQuery(request: PacsSearchRequest): Record<string, string> {
  const query: Record<string, string> = {};
  const name = request.patientName?.trim();
  // A name without wildcards matches as a prefix: typing "Smith" finds "SMITH^JANE".
  if (name) query.PatientName = /[*?]/.test(name) ? name : `${name}*`;
  if (request.patientId?.trim()) query.PatientID = request.patientId.trim();
  if (request.from || request.to) query.StudyDate = `${(request.from ?? '').replace(/-/g, '')}-${(request.to ?? '').replace(/-/g, '')}`;
  const modality = request.modality ?? DEFAULT_MODALITIES;
  if (modality) query.ModalitiesInStudy = modality;
  query.limit = String(request.limit ?? 100);
  query.includefield = INCLUDE_FIELDS.join(',');
  return query;
}

export function studyOf(row: DicomJson): PacsStudy {
  const date = text(row, '00080020');
  const count = Number(text(row, '00201208'));
  return {
    studyInstanceUid: text(row, '0020000D'),
    patientName: text(row, '00100010'),
    patientId: text(row, '00100020'),
    studyDate: /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : '',
    description: text(row, '00081030'),
    accessionNumber: text(row, '00080050'),
    modalities: ((row['00080061']?.Value ?? []) as unknown[]).map(String),
    instances: Number.isInteger(count) && text(row, '00201208') !== '' ? count : null,
  };
}

export async function searchStudies(
  connection: StoredConnection,
  request: PacsSearchRequest,
  options?: ClientOptions,
  signal?: AbortSignal,
): Promise<PacsStudy[]> {
  const client = new DicomwebClient(connection, options);
  // One query per code ("MG,RG"): a list in ModalitiesInStudy is not matched alike by every PACS.
  const codes = (request.modality ?? DEFAULT_MODALITIES).split(/[,\\]/).map((c) => c.trim());
  const studies = new Map<string, PacsStudy>();
  let limit = 0;
  for (const code of codes.includes('') ? [''] : codes) {
    const query = qidoQuery({ ...request, modality: code });
    limit = Number(query.limit);
    for (const study of (await client.searchStudies(query, signal)).map(studyOf))
      if (study.studyInstanceUid && !studies.has(study.studyInstanceUid)) studies.set(study.studyInstanceUid, study);
  }
  // A PACS may ignore `limit` (it is optional in PS3.18): the list stops there all the same.
  return [...studies.values()].slice(0, limit);
}
