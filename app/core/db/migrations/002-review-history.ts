import type { Migration } from '../migration.js';

/**
 * Review history: every state change is kept (who, when, comment), not only the latest, so a
 * second opinion can see how a case got where it is. Existing review rows become the first
 * event of their case. Mask revisions gain their class pixel counts.
 */
export const migration002: Migration = {
  version: 2,
  name: 'review events (append-only history of review states)',
  up: (db) => {
    db.exec(`
      CREATE TABLE review_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        state TEXT NOT NULL
          CHECK (state IN ('unreviewed', 'in_progress', 'accepted', 'corrected', 'rejected', 'flagged')),
        comment TEXT,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_events_case ON review_events(case_id, id);
      CREATE TRIGGER review_events_no_update BEFORE UPDATE ON review_events
        BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;

      -- Class pixel counts per revision (JSON array), so lists and exports need not decode masks.
      ALTER TABLE mask_revisions ADD COLUMN class_counts TEXT NOT NULL DEFAULT '[]';

      INSERT INTO review_events (case_id, state, comment, reviewer, at)
        SELECT case_id, state, comment, coalesce(reviewer, 'unknown'), updated_at FROM reviews WHERE state <> 'unreviewed';
    `);
  },
};
