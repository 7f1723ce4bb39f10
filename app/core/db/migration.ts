import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3, ... in order; stored in PRAGMA user_version once applied. */
  version: number;
  name: string;
  up: (db: Database.Database) => void;
  /**
   * The migration rebuilds a table other tables point at (SQLite's 12-step procedure): it runs
   * with foreign keys off, and every reference is checked before its version bump commits.
   */
  rebuildsTables?: boolean;
}

export class DatabaseTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${file} was written by a newer MammoSeg (schema version ${found}; this build knows up to ${known}). ` +
        'Install the newer MammoSeg to open it. The file was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Applies the migrations newer than the database, each in its own transaction together with
 * its user_version bump, so a failed migration leaves the database at the previous version.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string): number {
  const known = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new DatabaseTooNewError(file, current, known);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // foreign_keys cannot change inside a transaction: off before it, back as it was after.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.rebuildsTables) checkReferences(db, migration);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return known;
}

/** Throws (rolling the migration back) when a rebuild left a reference to a row that is gone. */
function checkReferences(db: Database.Database, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (broken.length) {
    const first = broken[0]!;
    throw new Error(
      `migration ${migration.version} left ${broken.length} broken reference(s), e.g. ${first.table} row ${first.rowid} -> ${first.parent}`,
    );
  }
}
