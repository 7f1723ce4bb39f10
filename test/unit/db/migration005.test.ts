import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';

/** A version-4 database with one case that has a model revision, a prediction and a review. */
function version4(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 4), ':memory:');
  db.exec(`
    INSERT INTO projects (id, name, created_at) VALUES (1, 'p', 'now');
    INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
      photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
      VALUES (1, 1, 'a.png', 'png', 'f', 'p', 4, 4, 'uint16', 16, 'MONOCHROME2', '{}', '[]', 0, 1, 'f', 'p', 't', 'now');
    INSERT INTO reviews (case_id, state, updated_at) VALUES (1, 'flagged', 'now');
    INSERT INTO model_versions (id, project_id, version, origin, config, dir, created_at) VALUES (1, 1, 'v1', 'initialised', '{}', 'models/v1', 'now');
    INSERT INTO mask_revisions (id, case_id, source, author, model_version, width, height, encoding, data, created_at)
      VALUES (1, 1, 'model', 'model v1', 'v1', 4, 4, 'rle-v1', x'00', 'now');
    INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, mean_entropy, duration_ms, backend, created_at)
      VALUES (1, 1, 1, 'b', 0.25, 1, 'cpu', 'now');
  `);
  return db;
}

const plan = (db: Database.Database, sql: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');

describe('migration 005 (case list indexes)', () => {
  it('adds covering indexes for the latest model version and uncertainty, and a review-state index; data untouched', () => {
    const db = version4();
    migrate(db, MIGRATIONS.slice(0, 5), ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    const indexes = (
      db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['mask_revisions_case_source', 'predictions_case_entropy', 'reviews_state']));
    expect(indexes).not.toContain('predictions_case'); // a prefix of predictions_case_entropy

    // The case list's per-case subqueries read only the indexes, never a revision or prediction row.
    expect(
      plan(
        db,
        `SELECT (SELECT m.model_version FROM mask_revisions m WHERE m.case_id = 1 AND m.source = 'model' ORDER BY m.id DESC LIMIT 1)`,
      ),
    ).toMatch(/COVERING INDEX mask_revisions_case_source/);
    expect(plan(db, `SELECT (SELECT p.mean_entropy FROM predictions p WHERE p.case_id = 1 ORDER BY p.id DESC LIMIT 1)`)).toMatch(
      /COVERING INDEX predictions_case_entropy/,
    );

    expect(db.prepare('SELECT case_id, mean_entropy FROM predictions').all()).toEqual([{ case_id: 1, mean_entropy: 0.25 }]);
    expect(db.prepare('SELECT state FROM reviews').all()).toEqual([{ state: 'flagged' }]);
    // Mask revisions stay append-only.
    expect(() => db.exec('DELETE FROM mask_revisions')).toThrow(/append-only/);
  });
});
