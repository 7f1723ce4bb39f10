import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3, ... in order; stored in PRAGMA user_version once applied. */
  version: number;
  name: string;
  up: (db: Database.Database) => void;
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
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return known;
}
