import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, type Migration } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';
import { openDatabase } from '../../../app/core/db/open.js';
import { tempDir } from '../../support/paths.js';

const fresh = () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
};

describe('migration 001 (initial schema)', () => {
  it('creates STRICT tables and sets user_version 1 (tables as of version 1)', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 1), ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['cases', 'label_classes', 'mask_revisions', 'projects', 'reviews']);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    // STRICT: a text in an INTEGER column is refused rather than stored.
    db.prepare(`INSERT INTO projects (name, created_at) VALUES ('p', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO label_classes VALUES (1, 'zero', 'bg', '#000000')`).run()).toThrow(/cannot store TEXT/);
  });

  it('enforces foreign keys, colours and append-only mask revisions', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 1), ':memory:');
    expect(() => db.prepare(`INSERT INTO label_classes VALUES (42, 0, 'bg', '#000000')`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO projects (name, created_at) VALUES ('p', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO label_classes VALUES (1, 0, 'bg', 'black')`).run()).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO cases (project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
         photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
       VALUES (1, 'a.pgm', 'pgm', 'f', 'p', 4, 4, 'uint8', 8, 'MONOCHROME2', '{}', '[]', 0, 255, 's', 'x', 't', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO mask_revisions (case_id, source, author, width, height, encoding, data, created_at)
       VALUES (1, 'user', 'me', 4, 4, 'rle-u8', x'00', 'now')`,
    ).run();
    expect(() => db.prepare(`UPDATE mask_revisions SET author = 'other'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM mask_revisions`).run()).toThrow(/append-only/);
  });
});

describe('migrate()', () => {
  it('rolls back a failing migration and leaves the version where it was', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, ':memory:');
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken], ':memory:')).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
  });

  it('refuses a database written by a newer version, naming the file, and leaves it unchanged', () => {
    const file = join(tempDir(), 'newer.sqlite');
    const db = openDatabase(file);
    db.pragma('user_version = 99');
    db.close();
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    let thrown: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseTooNewError);
    expect((thrown as Error).message).toContain(file);
    expect((thrown as Error).message).toMatch(new RegExp(`schema version 99.*knows up to ${MIGRATIONS.length}`));
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
  });

  it('opens in WAL mode with foreign keys on, every commit flushed (synchronous FULL)', () => {
    const db = openDatabase(join(tempDir(), 'wal.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
