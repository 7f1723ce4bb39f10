import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../app/core/db/migration.js';
import { MIGRATIONS } from '../../../app/core/db/migrations/index.js';

describe('migration 003 (model versions, predictions)', () => {
  it('migrates a version-2 database with a project: no active model, registry and predictions work', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 2), ':memory:');
    db.exec(`INSERT INTO projects (id, name, created_at) VALUES (1, 'p', '2026-01-01')`);
    migrate(db, MIGRATIONS.slice(0, 3), ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT active_model_id FROM projects').get()).toEqual({ active_model_id: null });
    db.exec(
      `INSERT INTO model_versions (project_id, version, origin, config, dir, created_at) VALUES (1, 'v1', 'initialised', '{}', 'models/v1', 'now')`,
    );
    db.exec('UPDATE projects SET active_model_id = 1');
    expect(() =>
      db.exec(
        `INSERT INTO model_versions (project_id, version, origin, config, dir, created_at) VALUES (1, 'v1', 'trained', '{}', 'x', 'now')`,
      ),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.exec(
        `INSERT INTO model_versions (project_id, version, origin, config, dir, created_at) VALUES (1, 'v2', 'magic', '{}', 'x', 'now')`,
      ),
    ).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE projects SET active_model_id = 99')).toThrow(/FOREIGN KEY/);
  });
});
