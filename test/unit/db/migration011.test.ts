import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, type Migration } from '../../../app/core/db/migration.js';
import { beforeMigration, ONE_CASE_SQL } from './atVersion.js';

const INSERT_REVISION = `INSERT INTO mask_revisions (case_id, parent_id, source, author, width, height, encoding, data, created_at, clicks)
  VALUES (1, 2, ?, 'ann', 4, 4, 'rle-v1', x'00', 'now', ?)`;

describe('migration 011 (click revisions: source clicks and the click list)', () => {
  it('rebuilds mask_revisions with every row, id and reference intact, and takes click revisions after', () => {
    const { db, apply } = beforeMigration(11);
    db.exec(ONE_CASE_SQL);
    db.exec(`
      INSERT INTO mask_revisions (id, case_id, parent_id, source, author, model_version, width, height, encoding, data, created_at,
          class_counts, kind, tool, class_index, changed_pixels)
        VALUES (1, 1, NULL, 'model', 'model v1', 'v1', 4, 4, 'rle-v1', x'0102', 't1', '[16,0]', 'edit', NULL, NULL, 0),
               (2, 1, 1, 'user', 'ann', NULL, 4, 4, 'rle-v1', x'0304', 't2', '[12,4]', 'edit', 'brush', 1, 4);
      INSERT INTO model_versions (id, project_id, version, origin, config, dir, created_at) VALUES (1, 1, 'v1', 'initialised', '{}', 'm', 'now');
      INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, mean_entropy, duration_ms, backend, created_at)
        VALUES (1, 1, 1, 'b', 0.1, 5, 'wasm', 'now');
    `);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(11);
    // Foreign keys are back on after the rebuild, and the old rows read as before, without clicks.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(
      db.prepare('SELECT id, parent_id, source, data, class_counts, tool, changed_pixels, clicks FROM mask_revisions ORDER BY id').all(),
    ).toEqual([
      {
        id: 1,
        parent_id: null,
        source: 'model',
        data: Buffer.from([1, 2]),
        class_counts: '[16,0]',
        tool: null,
        changed_pixels: 0,
        clicks: null,
      },
      {
        id: 2,
        parent_id: 1,
        source: 'user',
        data: Buffer.from([3, 4]),
        class_counts: '[12,4]',
        tool: 'brush',
        changed_pixels: 4,
        clicks: null,
      },
    ]);

    // A click revision carries its clicks; no other source does, and the clicks are a JSON array.
    db.prepare(INSERT_REVISION).run('clicks', '[{"x":1,"y":2,"class":2}]');
    expect(() => db.prepare(INSERT_REVISION).run('clicks', null)).toThrow(/CHECK/);
    expect(() => db.prepare(INSERT_REVISION).run('user', '[]')).toThrow(/CHECK/);
    expect(() => db.prepare(INSERT_REVISION).run('clicks', '{"x":1}')).toThrow(/CHECK/);
    expect(() => db.prepare(INSERT_REVISION).run('robot', null)).toThrow(/CHECK/);
    // Still append-only, still indexed, still referenced.
    expect(() => db.prepare('UPDATE mask_revisions SET author = ? WHERE id = 1').run('eve')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM mask_revisions WHERE id = 2').run()).toThrow(/append-only/);
    const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'mask_revisions' ORDER BY name`).all();
    expect(indexes).toEqual([{ name: 'mask_revisions_case' }, { name: 'mask_revisions_case_source' }]);
    expect(() =>
      db
        .prepare(
          `INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, mean_entropy, duration_ms, backend, created_at)
           VALUES (1, 1, 99, 'b', 0.1, 5, 'wasm', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(INSERT_REVISION.replace('VALUES (1, 2,', 'VALUES (1, 77,')).run('user', null)).toThrow(/FOREIGN KEY/);
  });

  it('a rebuild that leaves a broken reference is rolled back, and foreign keys are on again after', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const parent: Migration = {
      version: 1,
      name: 'parent and child',
      up: (d) =>
        d.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY) STRICT; CREATE TABLE c (p_id INTEGER REFERENCES p(id)) STRICT;
        INSERT INTO p VALUES (1); INSERT INTO c VALUES (1);`),
    };
    const losesRows: Migration = {
      version: 2,
      name: 'a rebuild that forgets the rows',
      rebuildsTables: true,
      up: (d) => d.exec(`CREATE TABLE p_new (id INTEGER PRIMARY KEY) STRICT; DROP TABLE p; ALTER TABLE p_new RENAME TO p;`),
    };
    migrate(db, [parent], ':memory:');
    expect(() => migrate(db, [parent, losesRows], ':memory:')).toThrow(/migration 2 left 1 broken reference/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT id FROM p').all()).toEqual([{ id: 1 }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
