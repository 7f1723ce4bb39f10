import type { Migration } from '../migration.js';

/**
 * Study grouping and measurement facts per case. They are read from the original file kept in
 * the blob store the first time a study or measurement is asked for (studies/caseFacts.ts), so
 * cases imported before this migration get them too and the import path stays unchanged. The
 * index serves "the cases of a study" and the grouping of the case list.
 */
export const migration008: Migration = {
  version: 8,
  name: 'study key, view and pixel spacing per case',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_studies (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        study_key TEXT NOT NULL,
        study_date TEXT,
        -- the view as the header (View Position, else View Code Sequence) or file name says
        view TEXT,
        spacing_row_mm REAL CHECK (spacing_row_mm > 0),
        spacing_col_mm REAL CHECK (spacing_col_mm > 0),
        spacing_source TEXT NOT NULL CHECK (spacing_source IN ('pixel-spacing', 'imager-magnification', 'imager', 'uncalibrated')),
        magnification REAL
      ) STRICT;
      CREATE INDEX case_studies_key ON case_studies(study_key, case_id);
    `);
  },
};
