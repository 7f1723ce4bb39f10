/**
 * The DICOMweb connection of a data folder, in `pacs-connection.json` beside the database. The
 * file holds the password or token, so it is written with mode 0600 (owner only) through a
 * temporary file and a rename (never half-written), and nothing here ever logs or returns it:
 * `describe` gives what an API answer may say.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PacsAuthKind, PacsConnection } from '../../../shared/domain/pacs.js';

export const CONNECTION_FILE = 'pacs-connection.json';

export interface StoredConnection {
  baseUrl: string;
  auth: PacsAuthKind;
  username: string | null;
  /** Password (basic) or token (bearer); null with auth 'none'. */
  secret: string | null;
}

export const connectionPath = (dataDir: string): string => join(dataDir, CONNECTION_FILE);

export function loadConnection(dataDir: string): StoredConnection | null {
  const path = connectionPath(dataDir);
  if (!existsSync(path)) return null;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredConnection>;
  if (typeof raw.baseUrl !== 'string' || !['none', 'basic', 'bearer'].includes(String(raw.auth))) {
    throw new Error(`${CONNECTION_FILE} in the data folder is not a MammoSeg PACS connection; connect again`);
  }
  return { baseUrl: raw.baseUrl, auth: raw.auth!, username: raw.username ?? null, secret: raw.secret ?? null };
}

export function saveConnection(dataDir: string, connection: StoredConnection): void {
  const path = connectionPath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(connection)}\n`, { mode: 0o600, flag: 'w' });
    chmodSync(temp, 0o600); // an umask cannot widen it, but a leftover temp file could be older
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The connection as answers and logs may show it. */
export const describeConnection = (c: StoredConnection): PacsConnection => ({
  baseUrl: c.baseUrl,
  auth: c.auth,
  username: c.username,
  hasSecret: Boolean(c.secret),
});
