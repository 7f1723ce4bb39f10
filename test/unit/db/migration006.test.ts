import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';

/** A version-5 database with one case: a model revision, a user edit on top of it and two review events. */
function version5(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  const before = MIGRATIONS.findIndex((m) => m.version === 6);
  migrate(db, MIGRATIONS.slice(0, before), ':memory:');
  expect(db.pragma('user_version', { simple: true })).toBe(5);
  db.exec(`
    INSERT INTO projects (id, name, created_at) VALUES (1, 'p', 'now');
    INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
      photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
      VALUES (1, 1, 'a.png', 'png', 'f', 'p', 4, 4, 'uint16', 16, 'MONOCHROME2', '{}', '[]', 0, 1, 'f', 'p', 't', 'now');
    INSERT INTO mask_revisions (id, case_id, source, author, model_version, width, height, encoding, data, created_at)
      VALUES (1, 1, 'model', 'model v1', 'v1', 4, 4, 'rle-v1', x'00', 'then');
    INSERT INTO mask_revisions (id, case_id, parent_id, source, author, width, height, encoding, data, class_counts, created_at)
      VALUES (2, 1, 1, 'user', 'ann', 4, 4, 'rle-v1', x'01', '[15,1]', 'now');
    INSERT INTO reviews (case_id, state, reviewer, updated_at) VALUES (1, 'corrected', 'ann', 'now');
    INSERT INTO review_events (id, case_id, state, comment, reviewer, at) VALUES (1, 1, 'in_progress', NULL, 'ann', 'then');
    INSERT INTO review_events (id, case_id, state, comment, reviewer, at) VALUES (2, 1, 'corrected', 'ok', 'ann', 'now');
  `);
  return db;
}

const columns = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number; dflt_value: string | null }[]).map(
    ({ name, notnull, dflt_value }) => ({ name, notnull, dflt_value }),
  );

describe('migration 006 (revision provenance, review undo links)', () => {
  it('adds kind/tool/class/changed-pixel columns to revisions and an undo link to review events; old rows read as edits', () => {
    const db = version5();
    migrate(db, MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.version === 6) + 1), ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(6);

    expect(columns(db, 'mask_revisions')).toEqual(
      expect.arrayContaining([
        { name: 'kind', notnull: 1, dflt_value: "'edit'" },
        { name: 'tool', notnull: 0, dflt_value: null },
        { name: 'class_index', notnull: 0, dflt_value: null },
        { name: 'changed_pixels', notnull: 0, dflt_value: null },
      ]),
    );
    expect(columns(db, 'review_events')).toEqual(expect.arrayContaining([{ name: 'undoes', notnull: 0, dflt_value: null }]));

    // Old rows survive untouched, with the defaults: an edit of unknown tool, class and size.
    expect(
      db
        .prepare(
          'SELECT id, parent_id, source, author, model_version, class_counts, kind, tool, class_index, changed_pixels FROM mask_revisions ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        id: 1,
        parent_id: null,
        source: 'model',
        author: 'model v1',
        model_version: 'v1',
        class_counts: '[]',
        kind: 'edit',
        tool: null,
        class_index: null,
        changed_pixels: null,
      },
      {
        id: 2,
        parent_id: 1,
        source: 'user',
        author: 'ann',
        model_version: null,
        class_counts: '[15,1]',
        kind: 'edit',
        tool: null,
        class_index: null,
        changed_pixels: null,
      },
    ]);
    expect(db.prepare('SELECT id, state, comment, reviewer, undoes FROM review_events ORDER BY id').all()).toEqual([
      { id: 1, state: 'in_progress', comment: null, reviewer: 'ann', undoes: null },
      { id: 2, state: 'corrected', comment: 'ok', reviewer: 'ann', undoes: null },
    ]);
    expect(db.prepare('SELECT state, reviewer FROM reviews').all()).toEqual([{ state: 'corrected', reviewer: 'ann' }]);

    // New rows carry provenance; the kind is checked, the undo link must name an event that exists.
    db.prepare(
      `INSERT INTO mask_revisions (case_id, parent_id, source, author, width, height, encoding, data, created_at, kind, tool, class_index, changed_pixels)
      VALUES (1, 2, 'user', 'ann', 4, 4, 'rle-v1', x'02', 'later', 'undo', 'brush', 1, 3)`,
    ).run();
    expect(db.prepare('SELECT kind, tool, class_index, changed_pixels FROM mask_revisions WHERE id = 3').get()).toEqual({
      kind: 'undo',
      tool: 'brush',
      class_index: 1,
      changed_pixels: 3,
    });
    expect(() =>
      db
        .prepare(
          `INSERT INTO mask_revisions (case_id, source, author, width, height, encoding, data, created_at, kind) VALUES (1, 'user', 'ann', 4, 4, 'rle-v1', x'00', 'later', 'paint')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO review_events (case_id, state, reviewer, at, undoes) VALUES (1, 'in_progress', 'ann', 'later', 2)`).run();
    expect(db.prepare('SELECT undoes FROM review_events WHERE id = 3').get()).toEqual({ undoes: 2 });
    expect(() =>
      db.prepare(`INSERT INTO review_events (case_id, state, reviewer, at, undoes) VALUES (1, 'accepted', 'ann', 'later', 99)`).run(),
    ).toThrow(/FOREIGN KEY/);

    // Still append-only after the ALTERs.
    expect(() => db.exec(`UPDATE mask_revisions SET kind = 'restore' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM mask_revisions')).toThrow(/append-only/);
    expect(() => db.exec('UPDATE review_events SET undoes = 1 WHERE id = 2')).toThrow(/append-only/);
  });
});
