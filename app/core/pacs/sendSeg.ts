/**
 * Sends each case's mask (the current reader's, or the consensus) to the PACS as a DICOM SEG (STOW-RS), not de-identified: it goes
 * back to the archive the image came from, references the source instance and files with its
 * study. Each accepted send is recorded (pacs_sends); a case that fails does not stop the rest.
 */
import type { PacsSendReport } from '../../../shared/domain/pacs.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import type { Core } from '../core.js';
import { buildCaseSeg, NOT_DICOM } from '../labels/caseSeg.js';
import type { StoredConnection } from './connectionStore.js';
import { DicomwebClient, type ClientOptions } from './dicomwebClient.js';
import { PacsRecordRepository } from './pacsRecordRepository.js';

export async function sendSegs(
  core: Core,
  connection: StoredConnection,
  caseIds: readonly number[],
  client?: ClientOptions,
  signal?: AbortSignal,
): Promise<PacsSendReport> {
  const dicomweb = new DicomwebClient(connection, client);
  const records = new PacsRecordRepository(core.db);
  const report: PacsSendReport = { sent: [], failed: [] };
  for (const caseId of caseIds) {
    signal?.throwIfAborted();
    try {
      const seg = segOfCase(core, caseId);
      await dicomweb.store([{ bytes: seg.bytes, sopInstanceUid: seg.sopInstanceUid }], seg.studyInstanceUid, signal);
      const sent = {
        caseId,
        revisionId: seg.revisionId,
        segSopInstanceUid: seg.sopInstanceUid,
        referencedSopInstanceUid: seg.referencedSopInstanceUid,
        baseUrl: connection.baseUrl,
        sentAt: new Date().toISOString(),
      };
      records.recordSend(sent);
      report.sent.push(sent);
    } catch (error) {
      if (signal?.aborted) throw error;
      report.failed.push({ caseId, reason: (error as Error).message });
    }
  }
  return report;
}

/**
 * The mask a folder sends for a case: its consensus when that is the latest revision, else the
 * current reader's own mask, else the latest (a folder that never named readers).
 */
function revisionToSend(core: Pick<Core, 'maskRepository' | 'readerRepository' | 'user'>, caseId: number) {
  const head = core.maskRepository.head(caseId);
  if (head && core.readerRepository.latestConsensus(caseId)?.revisionId === head.id) return head;
  return core.maskRepository.headOf(caseId, core.user) ?? head;
}

/** The SEG of the case's revision to send, built as the DICOM SEG export builds it. */
function segOfCase(core: Core, caseId: number) {
  const detail = core.caseRepository.getDetail(caseId);
  if (detail.format !== 'dicom') throw new Error(NOT_DICOM(detail.format));
  const head = revisionToSend(core, caseId);
  if (!head) throw new Error('no mask revision to send');
  const extra = core.caseRepository.sourceAndReviewer(caseId);
  const { rle } = core.maskRepository.get(caseId, head.id);
  const seg = buildCaseSeg(core, {
    detail,
    head,
    labels: decodeMaskRle(rle, detail.width * detail.height),
    classes: core.projectRepository.get(detail.projectId).labelSchema,
    sourceBlob: extra.sourceBlob,
    reviewer: extra.reviewer ?? head.author,
    deidentifier: null,
  });
  return { ...seg, revisionId: head.id };
}
