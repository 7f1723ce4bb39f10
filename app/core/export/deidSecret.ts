/**
 * The de-identification secret: every pseudonym, remapped UID and the date offset of a
 * de-identified export derive from it (deidentify.ts), so it must stay out of every export and
 * stay the same between exports. One per data folder, made once from crypto.randomBytes and kept
 * beside the database as `deid-secret` (mode 0600); a site can give its own instead (a file), to
 * get the same pseudonyms from several data folders.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import { fsyncPath } from '../storage/durable.js';

export const DEID_SECRET_FILE = 'deid-secret';
/** Shortest secret accepted from a user: 128 bits. */
export const MIN_SECRET_BYTES = 16;

const SECRET_TEXT = /^[0-9a-f]{64}$/;

/** The data folder's secret, made on first use; null when absent and `create` is false. */
export function dataFolderSecret(dataDir: string, create: true): Buffer;
export function dataFolderSecret(dataDir: string, create: boolean): Buffer | null;
export function dataFolderSecret(dataDir: string, create: boolean): Buffer | null {
  const path = join(dataDir, DEID_SECRET_FILE);
  const existing = readSecret(path);
  if (existing || !create) return existing;
  // Written in full to a private temporary file, then linked into place: a concurrent first use
  // sees either no secret or the whole one, and the first link wins (EEXIST: read that one).
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') renameSync(temp, path); // file systems without hard links
  } finally {
    rmSync(temp, { force: true });
  }
  fsyncPath(dataDir);
  return readSecret(path)!;
}

function readSecret(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!SECRET_TEXT.test(text)) {
    throw new AppFailure(
      'internal',
      `${path} is not a MammoSeg de-identification secret (64 hex digits); restore it from a backup (a new one would give different pseudonyms and UIDs) or remove it to start afresh`,
    );
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return Buffer.from(text, 'hex');
}

/**
 * A secret the user gives: its bytes (a trailing newline ignored), except that text in the
 * deid-secret format (64 hex digits) is the key it spells, so a copy of one data folder's
 * deid-secret gives another the same pseudonyms. Throws naming `origin`.
 */
export function givenSecret(value: Uint8Array | string, origin: string): Buffer {
  let bytes = Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  while (bytes.length && (bytes.at(-1) === 0x0a || bytes.at(-1) === 0x0d)) bytes = bytes.subarray(0, -1);
  const text = bytes.toString('latin1');
  if (SECRET_TEXT.test(text.toLowerCase())) return Buffer.from(text, 'hex');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new AppFailure(
      'invalid-request',
      `${origin}: the de-identification secret has ${bytes.length} bytes; it needs at least ${MIN_SECRET_BYTES} (e.g. head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > FILE)`,
    );
  }
  return bytes;
}

/** Reads a secret file given by the user (e.g. --secret-file); errors name the file. */
export function readSecretFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new AppFailure(
      'invalid-request',
      `${path}: cannot read the secret file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return givenSecret(bytes, path);
}
