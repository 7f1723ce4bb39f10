/** Per case: where it came from on a PACS and the SEGs sent back (tables of migration 006). */
import type { PacsSentSeg } from '../../../shared/domain/pacs.js';
import type { Db } from '../db/open.js';
import type { InstanceRef } from './dicomwebClient.js';

export class PacsRecordRepository {
  constructor(private readonly db: Db) {}

  /** The first origin of a case wins: a later import of the same instance is a duplicate. */
  recordOrigin(caseId: number, baseUrl: string, ref: InstanceRef, at: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO pacs_origins (case_id, base_url, study_instance_uid, series_instance_uid, sop_instance_uid, imported_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(caseId, baseUrl, ref.studyInstanceUid, ref.seriesInstanceUid, ref.sopInstanceUid, at);
  }

  /** Several origins of one import, in one transaction. */
  recordOrigins(origins: readonly { caseId: number; ref: InstanceRef }[], baseUrl: string, at: string): void {
    this.db.transaction(() => {
      for (const { caseId, ref } of origins) this.recordOrigin(caseId, baseUrl, ref, at);
    })();
  }

  origin(caseId: number): (InstanceRef & { baseUrl: string }) | undefined {
    return this.db
      .prepare(
        `SELECT base_url AS baseUrl, study_instance_uid AS studyInstanceUid, series_instance_uid AS seriesInstanceUid,
                sop_instance_uid AS sopInstanceUid FROM pacs_origins WHERE case_id = ?`,
      )
      .get(caseId) as (InstanceRef & { baseUrl: string }) | undefined;
  }

  recordSend(sent: PacsSentSeg): void {
    this.db
      .prepare(
        `INSERT INTO pacs_sends (case_id, revision_id, base_url, seg_sop_instance_uid, referenced_sop_instance_uid, sent_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(sent.caseId, sent.revisionId, sent.baseUrl, sent.segSopInstanceUid, sent.referencedSopInstanceUid, sent.sentAt);
  }

  sends(caseId: number): PacsSentSeg[] {
    return this.db
      .prepare(
        `SELECT case_id AS caseId, revision_id AS revisionId, seg_sop_instance_uid AS segSopInstanceUid,
                referenced_sop_instance_uid AS referencedSopInstanceUid, base_url AS baseUrl, sent_at AS sentAt
         FROM pacs_sends WHERE case_id = ? ORDER BY id`,
      )
      .all(caseId) as PacsSentSeg[];
  }
}
