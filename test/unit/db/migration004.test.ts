import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';

const insert = (db: Database.Database, version: string, dir: string, temp: string) =>
  db
    .prepare(
      `INSERT INTO model_reservations (project_id, version, dir, temp_dir, owner_host, owner_pid, created_at) VALUES (1, ?, ?, ?, 'h', 1, 'now')`,
    )
    .run(version, dir, temp);

describe('migration 004 (model reservations)', () => {
  it('migrates a version-3 database with a model: versions untouched, reservations unique by name, folder and temp folder', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 3), ':memory:');
    db.exec(`INSERT INTO projects (id, name, created_at) VALUES (1, 'p', '2026-01-01')`);
    db.exec(
      `INSERT INTO model_versions (project_id, version, origin, config, dir, created_at) VALUES (1, 'v1', 'initialised', '{}', 'models/v1', 'now')`,
    );
    migrate(db, MIGRATIONS.slice(0, 4), ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.prepare('SELECT version, dir FROM model_versions').all()).toEqual([{ version: 'v1', dir: 'models/v1' }]);

    insert(db, 'v2', 'models/v2', 'models/.t1');
    expect(() => insert(db, 'v2', 'models/v3', 'models/.t2')).toThrow(/UNIQUE/);
    expect(() => insert(db, 'v3', 'models/v2', 'models/.t2')).toThrow(/UNIQUE/);
    expect(() => insert(db, 'v3', 'models/v3', 'models/.t1')).toThrow(/UNIQUE/);
    expect(() =>
      db.exec(
        `INSERT INTO model_reservations (project_id, version, dir, temp_dir, owner_host, owner_pid, created_at) VALUES (9, 'v9', 'a', 'b', 'h', 1, 'now')`,
      ),
    ).toThrow(/FOREIGN KEY/);
  });
});
