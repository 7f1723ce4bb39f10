import type { Migration } from '../migration.js';

/**
 * First schema. STRICT tables; masks are append-only revisions (triggers forbid UPDATE and
 * DELETE); pixel data lives in the content-addressed blob store, referenced by sha256.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema: projects, label classes, cases, mask revisions, reviews',
  up: (db) => {
    db.exec(`
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Ordered classes; position is the pixel value in masks (0 = background).
      CREATE TABLE label_classes (
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 254),
        name TEXT NOT NULL,
        color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
        PRIMARY KEY (project_id, position),
        UNIQUE (project_id, name)
      ) STRICT;

      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        source_name TEXT NOT NULL,
        source_path TEXT,
        format TEXT NOT NULL CHECK (format IN ('dicom', 'png', 'pgm', 'jpeg')),
        file_sha256 TEXT NOT NULL,
        -- sha256 of the decoded stored pixels (row-major, little endian): the duplicate key.
        pixel_sha256 TEXT NOT NULL,
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        pixel_type TEXT NOT NULL CHECK (pixel_type IN ('uint8', 'int8', 'uint16', 'int16')),
        bits_stored INTEGER NOT NULL CHECK (bits_stored BETWEEN 1 AND 16),
        photometric TEXT NOT NULL CHECK (photometric IN ('MONOCHROME1', 'MONOCHROME2')),
        modality_lut TEXT NOT NULL,   -- JSON, shared/domain/imaging ModalityLut
        vois TEXT NOT NULL,           -- JSON array of Voi
        pixel_min REAL NOT NULL,
        pixel_max REAL NOT NULL,
        frame_count INTEGER NOT NULL DEFAULT 1,
        laterality TEXT CHECK (laterality IN ('L', 'R')),
        view_position TEXT,
        modality TEXT,
        manufacturer TEXT,
        patient_id TEXT,
        patient_name TEXT,
        study_instance_uid TEXT,
        series_instance_uid TEXT,
        sop_instance_uid TEXT,
        source_blob TEXT NOT NULL,     -- sha256 of the original file in the blob store
        pixels_blob TEXT NOT NULL,     -- sha256 of the stored pixel array in the blob store
        thumbnail_blob TEXT NOT NULL,  -- sha256 of a PNG thumbnail in the blob store
        imported_at TEXT NOT NULL,
        UNIQUE (project_id, pixel_sha256)
      ) STRICT;
      CREATE UNIQUE INDEX cases_sop_uid ON cases(project_id, sop_instance_uid) WHERE sop_instance_uid IS NOT NULL;

      CREATE TABLE mask_revisions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        parent_id INTEGER REFERENCES mask_revisions(id),
        source TEXT NOT NULL CHECK (source IN ('model', 'user', 'import')),
        author TEXT NOT NULL,
        model_version TEXT,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        encoding TEXT NOT NULL,   -- how data is compressed, e.g. 'rle-u8'
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX mask_revisions_case ON mask_revisions(case_id, id);
      CREATE TRIGGER mask_revisions_no_update BEFORE UPDATE ON mask_revisions
        BEGIN SELECT RAISE(ABORT, 'mask revisions are append-only'); END;
      CREATE TRIGGER mask_revisions_no_delete BEFORE DELETE ON mask_revisions
        BEGIN SELECT RAISE(ABORT, 'mask revisions are append-only'); END;

      CREATE TABLE reviews (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id),
        state TEXT NOT NULL DEFAULT 'unreviewed'
          CHECK (state IN ('unreviewed', 'in_progress', 'accepted', 'corrected', 'rejected', 'flagged')),
        comment TEXT,
        reviewer TEXT,
        queued_for_training INTEGER NOT NULL DEFAULT 0 CHECK (queued_for_training IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
