import type { Migration } from '../migration.js';

/**
 * The case list's rows, kept on write (issue 24 item 9: a listCases page in < 100 ms at 100 000
 * cases). Before, every call computed each case's figures (revision count, latest model version,
 * latest prediction's uncertainty and review, open flag) with correlated subqueries and sorted
 * the whole project to hand out one page: 1-2 s a page at 100 000 cases.
 *
 * `case_list` holds one row per case with every column of a CaseSummary, copied from cases and
 * reviews and computed from mask_revisions, predictions and case_flags by the triggers below,
 * so they change in the same statement (and transaction) as the row that changes them, whatever
 * code writes it. The list reads this one table through an index per sort order and pages by
 * keyset (the previous page's last case), so a page reads about its own rows.
 *
 * - `name` is NOCASE like the name sort; `state` is 'unreviewed' and `queued` 0 until the
 *   case's reviews row exists (CaseRepository.insert writes both in one transaction).
 * - `uncertainty_key` orders the uncertainty sort ascending (highest uncertainty first, cases
 *   never predicted last): -uncertainty, or +infinity (9e999) without a prediction.
 *
 * A later migration that rebuilds one of the source tables (SQLite's 12-step procedure) drops
 * that table's triggers with it: it must create them again (CASE_LIST_TRIGGERS below).
 */
const SOURCE_FIGURES = {
  revisionCount: (caseId: string) => `(SELECT count(*) FROM mask_revisions m WHERE m.case_id = ${caseId})`,
  modelVersion: (caseId: string) =>
    `(SELECT m.model_version FROM mask_revisions m WHERE m.case_id = ${caseId} AND m.source = 'model' ORDER BY m.id DESC LIMIT 1)`,
  uncertainty: (caseId: string) =>
    `(SELECT coalesce(p.review_score, p.mean_entropy) FROM predictions p WHERE p.case_id = ${caseId} ORDER BY p.id DESC LIMIT 1)`,
  review: (caseId: string) => `(SELECT p.review FROM predictions p WHERE p.case_id = ${caseId} ORDER BY p.id DESC LIMIT 1)`,
  notMammogram: (caseId: string) => `(SELECT f.reason FROM case_flags f WHERE f.case_id = ${caseId} AND f.confirmed_by IS NULL)`,
};
const F = SOURCE_FIGURES;

/** The triggers that keep case_list, one set per source table (see the header). */
export const CASE_LIST_TRIGGERS = `
  CREATE TRIGGER case_list_case_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_list (case_id, project_id, name, width, height, laterality, view_position, imported_at)
      VALUES (NEW.id, NEW.project_id, NEW.source_name, NEW.width, NEW.height, NEW.laterality, NEW.view_position, NEW.imported_at);
  END;
  CREATE TRIGGER case_list_case_update AFTER UPDATE OF project_id, source_name, width, height, laterality, view_position, imported_at
    ON cases BEGIN
    UPDATE case_list SET project_id = NEW.project_id, name = NEW.source_name, width = NEW.width, height = NEW.height,
      laterality = NEW.laterality, view_position = NEW.view_position, imported_at = NEW.imported_at
      WHERE case_id = NEW.id;
  END;
  CREATE TRIGGER case_list_case_delete AFTER DELETE ON cases BEGIN
    DELETE FROM case_list WHERE case_id = OLD.id;
  END;

  CREATE TRIGGER case_list_review_insert AFTER INSERT ON reviews BEGIN
    UPDATE case_list SET state = NEW.state, comment = NEW.comment, queued = NEW.queued_for_training WHERE case_id = NEW.case_id;
  END;
  CREATE TRIGGER case_list_review_update AFTER UPDATE OF state, comment, queued_for_training ON reviews BEGIN
    UPDATE case_list SET state = NEW.state, comment = NEW.comment, queued = NEW.queued_for_training WHERE case_id = NEW.case_id;
  END;
  CREATE TRIGGER case_list_review_delete AFTER DELETE ON reviews BEGIN
    UPDATE case_list SET state = 'unreviewed', comment = NULL, queued = 0 WHERE case_id = OLD.case_id;
  END;

  CREATE TRIGGER case_list_revision_insert AFTER INSERT ON mask_revisions BEGIN
    UPDATE case_list SET revision_count = ${F.revisionCount('NEW.case_id')}, model_version = ${F.modelVersion('NEW.case_id')}
      WHERE case_id = NEW.case_id;
  END;

  CREATE TRIGGER case_list_prediction_insert AFTER INSERT ON predictions BEGIN
    UPDATE case_list SET uncertainty = ${F.uncertainty('NEW.case_id')}, review = ${F.review('NEW.case_id')} WHERE case_id = NEW.case_id;
  END;
  CREATE TRIGGER case_list_prediction_update AFTER UPDATE OF case_id, review_score, mean_entropy, review ON predictions BEGIN
    UPDATE case_list SET uncertainty = ${F.uncertainty('OLD.case_id')}, review = ${F.review('OLD.case_id')} WHERE case_id = OLD.case_id;
    UPDATE case_list SET uncertainty = ${F.uncertainty('NEW.case_id')}, review = ${F.review('NEW.case_id')} WHERE case_id = NEW.case_id;
  END;
  CREATE TRIGGER case_list_prediction_delete AFTER DELETE ON predictions BEGIN
    UPDATE case_list SET uncertainty = ${F.uncertainty('OLD.case_id')}, review = ${F.review('OLD.case_id')} WHERE case_id = OLD.case_id;
  END;

  CREATE TRIGGER case_list_flag_insert AFTER INSERT ON case_flags BEGIN
    UPDATE case_list SET not_mammogram = ${F.notMammogram('NEW.case_id')} WHERE case_id = NEW.case_id;
  END;
  CREATE TRIGGER case_list_flag_update AFTER UPDATE ON case_flags BEGIN
    UPDATE case_list SET not_mammogram = ${F.notMammogram('OLD.case_id')} WHERE case_id = OLD.case_id;
    UPDATE case_list SET not_mammogram = ${F.notMammogram('NEW.case_id')} WHERE case_id = NEW.case_id;
  END;
  CREATE TRIGGER case_list_flag_delete AFTER DELETE ON case_flags BEGIN
    UPDATE case_list SET not_mammogram = ${F.notMammogram('OLD.case_id')} WHERE case_id = OLD.case_id;
  END;
`;

export const migration014: Migration = {
  version: 14,
  name: 'case list rows kept on write, indexed per sort order (keyset paging)',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_list (
        case_id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        laterality TEXT,
        view_position TEXT,
        imported_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'unreviewed',
        comment TEXT,
        queued INTEGER NOT NULL DEFAULT 0,
        revision_count INTEGER NOT NULL DEFAULT 0,
        model_version TEXT,
        uncertainty REAL,
        review TEXT,
        not_mammogram TEXT,
        uncertainty_key REAL NOT NULL GENERATED ALWAYS AS (coalesce(-uncertainty, 9e999)) VIRTUAL
      ) STRICT, WITHOUT ROWID;

      INSERT INTO case_list (case_id, project_id, name, width, height, laterality, view_position, imported_at, state, comment,
          queued, revision_count, model_version, uncertainty, review, not_mammogram)
        SELECT c.id, c.project_id, c.source_name, c.width, c.height, c.laterality, c.view_position, c.imported_at,
          coalesce(r.state, 'unreviewed'), r.comment, coalesce(r.queued_for_training, 0),
          ${F.revisionCount('c.id')}, ${F.modelVersion('c.id')}, ${F.uncertainty('c.id')}, ${F.review('c.id')},
          ${F.notMammogram('c.id')}
        FROM cases c LEFT JOIN reviews r ON r.case_id = c.id;

      -- One index per sort, and per sort within one review state (the state filter, the review
      -- queue's "unreviewed by uncertainty"). The case id is a key column of each, and not a rowid
      -- (WITHOUT ROWID: SQLite seeks a row value (key, rowid) on its first column only), so
      -- "after (key, id)" is one range of the index: a seek, not a scan through the ties.
      CREATE INDEX case_list_imported ON case_list(project_id, case_id);
      CREATE INDEX case_list_name ON case_list(project_id, name, case_id);
      CREATE INDEX case_list_uncertainty ON case_list(project_id, uncertainty_key, case_id);
      CREATE INDEX case_list_state ON case_list(project_id, state, case_id);
      CREATE INDEX case_list_state_name ON case_list(project_id, state, name, case_id);
      CREATE INDEX case_list_state_uncertainty ON case_list(project_id, state, uncertainty_key, case_id);

      ${CASE_LIST_TRIGGERS}
    `);
  },
};
