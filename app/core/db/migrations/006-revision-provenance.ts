import type { Migration } from '../migration.js';

/**
 * Provenance of each mask revision and review event. A revision says why it exists (an edit, an
 * undo or redo autosave, a restore), with which tool and class, and how many pixels it changed
 * from its parent, so the revision list can show edit points and say what each one did. A
 * review event can name the event it undid. Old rows read as edits with unknown tool.
 */
export const migration006: Migration = {
  version: 6,
  name: 'revision provenance (kind, tool, class, changed pixels) and review undo links',
  up: (db) => {
    db.exec(`
      ALTER TABLE mask_revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit'
        CHECK (kind IN ('edit', 'undo', 'redo', 'restore'));
      ALTER TABLE mask_revisions ADD COLUMN tool TEXT;
      ALTER TABLE mask_revisions ADD COLUMN class_index INTEGER;
      ALTER TABLE mask_revisions ADD COLUMN changed_pixels INTEGER;
      ALTER TABLE review_events ADD COLUMN undoes INTEGER REFERENCES review_events(id);
    `);
  },
};
