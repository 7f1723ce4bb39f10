import type { Migration } from '../migration.js';

/**
 * Where each prediction's model grid sits on its image (shared/preprocess Placement, as JSON),
 * so a stored prediction is drawn without decoding the image or re-running the chest-wall
 * heuristic. Null for older rows: the first heat map of one recomputes it and stores it.
 */
export const migration009: Migration = {
  version: 9,
  name: 'placement per prediction',
  up: (db) => {
    db.exec(`ALTER TABLE predictions ADD COLUMN placement TEXT CHECK (placement IS NULL OR json_valid(placement));`);
  },
};
