/** Migration tests: a database one step before a migration, with rows in the old shape. */
import Database from 'better-sqlite3';
import { migrate } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';

/** An in-memory database at the version before `version`, and a function that applies `version`. */
export function beforeMigration(version: number): { db: Database.Database; apply: () => void } {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  const before = MIGRATIONS.findIndex((m) => m.version === version);
  migrate(db, MIGRATIONS.slice(0, before), ':memory:');
  return { db, apply: () => migrate(db, MIGRATIONS.slice(0, before + 1), ':memory:') };
}

/** One project and one DICOM case (id 1), as every version since 001 stores them. */
export const ONE_CASE_SQL = `
  INSERT INTO projects (id, name, created_at) VALUES (1, 'p', 'now');
  INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
    photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
    VALUES (1, 1, 'a.dcm', 'dicom', 'f', 'p', 4, 4, 'uint16', 16, 'MONOCHROME2', '{}', '[]', 0, 1, 'f', 'p', 't', 'now');
`;

/** A model version, a model revision and a prediction of case 1 (mean entropy 0.5, wasm), as every version since 003 stores them. */
export const ONE_PREDICTION_SQL = `
  INSERT INTO model_versions (id, project_id, version, origin, config, dir, created_at) VALUES (1, 1, 'v1', 'initialised', '{}', 'm', 'now');
  INSERT INTO mask_revisions (id, case_id, source, author, width, height, encoding, data, created_at) VALUES (1, 1, 'model', 'model', 4, 4, 'rle-u8', x'00', 'now');
  INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, mean_entropy, duration_ms, backend, created_at)
    VALUES (1, 1, 1, 'b', 0.5, 10, 'wasm', 'now');
`;
