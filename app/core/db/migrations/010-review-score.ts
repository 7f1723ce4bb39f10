import type { Migration } from '../migration.js';

/**
 * The case ranking's review score (issue 20): per prediction, the score that finds confidently
 * wrong masks (TTA disagreement and shape plausibility, shared/review/reviewScore.ts) and what
 * drives it (JSON), null for predictions stored before it (the list falls back to their mean
 * entropy). The case list's index gains the score, so the sort still reads no prediction row.
 *
 * case_flags: images that are not mammograms as far as the header or the model can tell. Such a
 * case is imported but not segmented (nor counted in density) until a reader confirms it is a
 * mammogram (confirmed_by, confirmed_at).
 */
export const migration010: Migration = {
  version: 10,
  name: 'review score per prediction, not-a-mammogram flags',
  up: (db) => {
    db.exec(`
      ALTER TABLE predictions ADD COLUMN review_score REAL;
      ALTER TABLE predictions ADD COLUMN review TEXT CHECK (review IS NULL OR json_valid(review));
      CREATE INDEX predictions_case_review ON predictions(case_id, id, review_score, mean_entropy, review);
      DROP INDEX predictions_case_entropy;
      CREATE TABLE case_flags (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        source TEXT NOT NULL CHECK (source IN ('header', 'model')),
        flagged_at TEXT NOT NULL,
        confirmed_by TEXT,
        confirmed_at TEXT,
        CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL))
      ) STRICT;
    `);
  },
};
