import type { Migration } from '../migration.js';

/**
 * Revisions made by the click tool (issue 21): source 'clicks' ("model + clicks": the active
 * model re-ran with the reader's clicks) and the click list that made it, as JSON
 * (`[{"x":…,"y":…,"class":…}]`, stored-image pixels). A source's CHECK cannot be altered in
 * SQLite, so the table is rebuilt (SQLite's 12-step procedure, "Making Other Kinds Of Table
 * Schema Changes"): same columns, ids and rows, plus `clicks`; its indexes and append-only
 * triggers are made again. It runs with foreign keys off (the runner's `rebuildsTables`), since
 * predictions, PACS sends and the revisions' own parents point at the ids being copied, and the
 * runner checks every reference before the version bump commits.
 */
export const migration011: Migration = {
  version: 11,
  name: 'click revisions (source clicks, click list)',
  rebuildsTables: true,
  up: (db) => {
    db.exec(`
      CREATE TABLE mask_revisions_new (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        parent_id INTEGER REFERENCES mask_revisions(id),
        source TEXT NOT NULL CHECK (source IN ('model', 'user', 'import', 'clicks')),
        author TEXT NOT NULL,
        model_version TEXT,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        encoding TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        class_counts TEXT NOT NULL DEFAULT '[]',
        kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'undo', 'redo', 'restore')),
        tool TEXT,
        class_index INTEGER,
        changed_pixels INTEGER,
        -- The clicks of a 'clicks' revision (a JSON array), and only of those.
        clicks TEXT CHECK (clicks IS NULL OR (json_valid(clicks) AND json_type(clicks) = 'array')),
        CHECK ((source = 'clicks') = (clicks IS NOT NULL))
      ) STRICT;
      INSERT INTO mask_revisions_new (id, case_id, parent_id, source, author, model_version, width, height, encoding, data,
          created_at, class_counts, kind, tool, class_index, changed_pixels)
        SELECT id, case_id, parent_id, source, author, model_version, width, height, encoding, data,
          created_at, class_counts, kind, tool, class_index, changed_pixels FROM mask_revisions;
      DROP TABLE mask_revisions;
      ALTER TABLE mask_revisions_new RENAME TO mask_revisions;
      CREATE INDEX mask_revisions_case ON mask_revisions(case_id, id);
      CREATE INDEX mask_revisions_case_source ON mask_revisions(case_id, source, id, model_version);
      CREATE TRIGGER mask_revisions_no_update BEFORE UPDATE ON mask_revisions
        BEGIN SELECT RAISE(ABORT, 'mask revisions are append-only'); END;
      CREATE TRIGGER mask_revisions_no_delete BEFORE DELETE ON mask_revisions
        BEGIN SELECT RAISE(ABORT, 'mask revisions are append-only'); END;
    `);
  },
};
