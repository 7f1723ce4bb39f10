import type { Migration } from '../migration.js';

/**
 * Where a case came from on a PACS (DICOMweb) and which SEGs were sent back for it. The
 * connection itself (with its secret) is not here: it lives in a 0600 file (pacs/connectionStore.ts).
 * Sends are a log: one row per STOW-RS that the PACS accepted.
 */
export const migration007: Migration = {
  version: 7,
  name: 'PACS origin and sent SEGs per case',
  up: (db) => {
    db.exec(`
      CREATE TABLE pacs_origins (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        base_url TEXT NOT NULL,
        study_instance_uid TEXT NOT NULL,
        series_instance_uid TEXT NOT NULL,
        sop_instance_uid TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE pacs_sends (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        revision_id INTEGER NOT NULL REFERENCES mask_revisions(id),
        base_url TEXT NOT NULL,
        seg_sop_instance_uid TEXT NOT NULL,
        referenced_sop_instance_uid TEXT NOT NULL,
        sent_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pacs_sends_case ON pacs_sends(case_id, id);
    `);
  },
};
