import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../app/core/db/open.js';
import { discardReservation, publishModelFolder } from '../../../app/core/models/modelFolder.js';
import { ModelVersionRepository } from '../../../app/core/models/modelVersionRepository.js';
import { tempDir } from '../../support/paths.js';

/** A data folder opened twice, as the app and the CLI would: two connections, two registries. */
function twoOpeners() {
  const dataDir = tempDir();
  const open = () => {
    const db = openDatabase(join(dataDir, 'mammoseg.sqlite'));
    db.exec(`INSERT OR IGNORE INTO projects (id, name, created_at) VALUES (1, 'p', 'now')`);
    return { db, models: new ModelVersionRepository(db, dataDir) };
  };
  return { dataDir, a: open(), b: open() };
}

const writeModel = (dir: string) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), '{}');
  writeFileSync(join(dir, 'weights.bin'), 'w');
};
const fields = { parentId: null, origin: 'trained' as const, config: {} };
const reservations = (db: Db) => db.prepare('SELECT version, owner_pid FROM model_reservations').all();

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('model version reservations', () => {
  it('two runs on one data folder get distinct names, folders and temporary folders', () => {
    const { a, b } = twoOpeners();
    const first = a.models.reserve(1);
    const second = b.models.reserve(1);
    expect([first.version, second.version]).toEqual(['v1', 'v2']);
    expect(new Set([first.dir, second.dir, first.tempDir, second.tempDir]).size).toBe(4);
    // A name the registry hands out without reserving skips both.
    expect(a.models.nextVersionName(1)).toBe('v3');
  });

  it('registering replaces the reservation; the folder must be published first', () => {
    const { dataDir, a } = twoOpeners();
    const r = a.models.reserve(1);
    writeModel(join(dataDir, r.tempDir));
    publishModelFolder(dataDir, r);
    expect(existsSync(join(dataDir, r.tempDir))).toBe(false);
    const version = a.models.registerReserved(r, fields);
    expect([version.version, a.models.dirOf(version.id)]).toEqual(['v1', join(dataDir, r.dir)]);
    expect(reservations(a.db)).toEqual([]);
    expect(() => a.models.release(r)).toThrow(/no longer reserved/);
  });

  it('publishing refuses a folder without the model files', () => {
    const { dataDir, a } = twoOpeners();
    const r = a.models.reserve(1);
    mkdirSync(join(dataDir, r.tempDir), { recursive: true });
    writeFileSync(join(dataDir, r.tempDir, 'model.json'), '{}');
    expect(() => publishModelFolder(dataDir, r)).toThrow(/weights\.bin/);
  });

  it('a failed run removes only its own folders and reservation', () => {
    const { dataDir, a, b } = twoOpeners();
    const mine = a.models.reserve(1);
    const theirs = b.models.reserve(1);
    writeModel(join(dataDir, mine.tempDir));
    writeModel(join(dataDir, theirs.tempDir));
    publishModelFolder(dataDir, theirs);
    discardReservation(dataDir, a.models, mine, false);
    expect(existsSync(join(dataDir, mine.tempDir))).toBe(false);
    expect(existsSync(join(dataDir, theirs.dir, 'weights.bin'))).toBe(true);
    expect(reservations(a.db)).toEqual([{ version: theirs.version, owner_pid: process.pid }]);
    expect(b.models.registerReserved(theirs, fields).version).toBe('v2');
  });

  it('never names a folder that exists on disk without a row', () => {
    const { dataDir, a } = twoOpeners();
    writeModel(join(dataDir, 'models', 'v1'));
    const r = a.models.reserve(1);
    expect(r.version).toBe('v1');
    expect(r.dir).toMatch(/^models[\\/]v1-[0-9a-f]{8}$/);
  });

  it('opening the data folder clears what a killed run left, and nothing else', () => {
    const { dataDir, a } = twoOpeners();
    const live = a.models.reserve(1);
    writeModel(join(dataDir, live.tempDir));
    const insert = a.db.prepare(
      `INSERT INTO model_reservations (project_id, version, dir, temp_dir, owner_host, owner_pid, created_at) VALUES (1, ?, ?, ?, ?, ?, 'then')`,
    );
    const pid = deadPid();
    // Killed while training, and killed after the rename but before the commit.
    insert.run('v8', 'models/v8', 'models/.training-v8-x', hostname(), pid);
    writeModel(join(dataDir, 'models/.training-v8-x'));
    insert.run('v9', 'models/v9', 'models/.training-v9-x', hostname(), pid);
    writeModel(join(dataDir, 'models/v9'));
    // Another machine's run cannot be checked: kept.
    insert.run('v10', 'models/v10', 'models/.training-v10-x', 'elsewhere', pid);

    new ModelVersionRepository(a.db, dataDir);
    expect(existsSync(join(dataDir, 'models/.training-v8-x'))).toBe(false);
    expect(existsSync(join(dataDir, 'models/v9'))).toBe(false);
    expect(existsSync(join(dataDir, live.tempDir, 'weights.bin'))).toBe(true);
    expect(
      (a.db.prepare('SELECT version FROM model_reservations ORDER BY id').all() as { version: string }[]).map((r) => r.version),
    ).toEqual([live.version, 'v10']);
  });

  it('a reservation left by an earlier process with this pid is recognised as abandoned', () => {
    const { dataDir, a } = twoOpeners();
    a.db
      .prepare(
        `INSERT INTO model_reservations (project_id, version, dir, temp_dir, owner_host, owner_pid, created_at) VALUES (1, 'v5', 'models/v5', 'models/.t5', ?, ?, 'then')`,
      )
      .run(hostname(), process.pid);
    new ModelVersionRepository(a.db, dataDir);
    expect(reservations(a.db)).toEqual([]);
  });
});
