/**
 * The data folder holds patient names, IDs and source paths (the database, its WAL and shared
 * memory, settings.json): only its owner may read it, whatever the umask of the process that
 * made it. The folder is 0700 and the database files are 0600, set at every open so that a
 * folder made by an older version (0755 and 0644 under umask 022) is closed up too.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Windows has no POSIX modes (ACLs decide there): nothing to do. */
const POSIX = process.platform !== 'win32';

/** Makes `dir` (recursively) and narrows it to its owner. */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (POSIX) narrow(dir, PRIVATE_FOLDER_MODE);
}

/**
 * Creates `file` empty with mode 0600 if it is missing and narrows it if it exists. SQLite gives
 * its -wal and -shm files the mode of the database file itself, so creating the database this
 * way first keeps them private too.
 */
export function ensurePrivateFile(file: string): void {
  if (!POSIX) return;
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  narrow(file, PRIVATE_FILE_MODE);
}

/** Narrows an existing file to 0600; a missing one is fine (SQLite makes -wal/-shm on demand). */
export function narrowIfPresent(file: string): void {
  if (!POSIX) return;
  try {
    narrow(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function narrow(path: string, mode: number): void {
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
}
