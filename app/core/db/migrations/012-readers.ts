import type { Migration } from '../migration.js';

/**
 * Readers and adjudication (issue 26). A reader is a named identity of the data folder (a DICOM
 * PN, checked by the service before it gets here); a reader's current mask of a case is the
 * latest human revision they authored, so no new column on mask_revisions is needed and every
 * revision made before this migration already belongs to its author.
 *
 * - `readers`: who reads in this folder (chosen at first run, switchable).
 * - `reader_submissions`: a reader declared their mask of a case final; blinded reading shows
 *   the others' masks only after it. One row per case and reader; a later submit replaces it.
 * - `consensus_masks`: which revision is an adjudicated consensus, made from which two reader
 *   revisions, and the provenance of every pixel (RLE map: 0 the readers agreed, 1 taken from
 *   A, 2 taken from B) so it is known who each region came from.
 */
export const migration012: Migration = {
  version: 12,
  name: 'readers, reader submissions and consensus masks',
  up: (db) => {
    db.exec(`
      CREATE TABLE readers (
        name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
        added_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE reader_submissions (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        reader TEXT NOT NULL,
        revision_id INTEGER NOT NULL REFERENCES mask_revisions(id),
        submitted_at TEXT NOT NULL,
        PRIMARY KEY (case_id, reader)
      ) STRICT;

      CREATE TABLE consensus_masks (
        revision_id INTEGER PRIMARY KEY REFERENCES mask_revisions(id),
        case_id INTEGER NOT NULL REFERENCES cases(id),
        reader_a TEXT NOT NULL,
        revision_a INTEGER NOT NULL REFERENCES mask_revisions(id),
        reader_b TEXT NOT NULL,
        revision_b INTEGER NOT NULL REFERENCES mask_revisions(id),
        adjudicator TEXT NOT NULL,
        provenance BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX consensus_masks_case ON consensus_masks(case_id, revision_id);
      CREATE INDEX mask_revisions_case_author ON mask_revisions(case_id, author, id);
    `);
  },
};
