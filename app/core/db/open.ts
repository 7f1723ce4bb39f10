import Database from 'better-sqlite3';
import { migrate } from './migration.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the project database: WAL so the UI can read while an import
 * writes, every commit flushed before it returns, foreign keys on (SQLite defaults them off),
 * a busy timeout so the CLI and a running host can share the file, then migrations.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  // Electron's Node has another ABI than the system Node the CLI and `serve` use: the desktop
  // app points MAMMOSEG_SQLITE_BINDING at a copy of better-sqlite3 built for Electron.
  const nativeBinding = process.env.MAMMOSEG_SQLITE_BINDING;
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power cut, and the
      // CLI and the UI tell the user a write is done once its transaction commits.
      db.pragma('synchronous = FULL');
      migrate(db, MIGRATIONS, file);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
