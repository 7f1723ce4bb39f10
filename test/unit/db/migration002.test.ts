import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';

/** A version-1 database holding rows in the old shape, as a user's file would. */
function version1WithRows() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 1), ':memory:');
  db.exec(`
    INSERT INTO projects (id, name, created_at) VALUES (1, 'p', '2026-01-01');
    INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
      photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
    VALUES (1, 1, 'a.pgm', 'pgm', 'f1', 'p1', 2, 2, 'uint8', 8, 'MONOCHROME2', '{}', '[]', 0, 255, 's', 'x', 't', '2026-01-01'),
           (2, 1, 'b.pgm', 'pgm', 'f2', 'p2', 2, 2, 'uint8', 8, 'MONOCHROME2', '{}', '[]', 0, 255, 's', 'x', 't', '2026-01-01');
    INSERT INTO reviews (case_id, state, comment, reviewer, queued_for_training, updated_at)
    VALUES (1, 'flagged', 'look at the axilla', 'dr-a', 0, '2026-01-02'), (2, 'unreviewed', NULL, NULL, 0, '2026-01-01');
    INSERT INTO mask_revisions (case_id, source, author, width, height, encoding, data, created_at)
    VALUES (1, 'user', 'dr-a', 2, 2, 'rle-v1', x'01040004', '2026-01-02');
  `);
  return db;
}

describe('migration 002 (review history, class counts)', () => {
  it('migrates a version-1 database with rows: reviewed cases get their first history event', () => {
    const db = version1WithRows();
    migrate(db, MIGRATIONS.slice(0, 2), ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT case_id, state, comment, reviewer, at FROM review_events').all()).toEqual([
      { case_id: 1, state: 'flagged', comment: 'look at the axilla', reviewer: 'dr-a', at: '2026-01-02' },
    ]);
    // Old revisions keep their data and get an empty count list (computed on next save).
    expect(db.prepare('SELECT author, class_counts FROM mask_revisions').all()).toEqual([{ author: 'dr-a', class_counts: '[]' }]);
    expect(() => db.prepare(`UPDATE review_events SET state = 'accepted'`).run()).toThrow(/append-only/);
  });
});
