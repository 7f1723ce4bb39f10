/**
 * The temporary folder a PACS import retrieves into (patient DICOM copies, in the data folder).
 * It is named with the process id, so that when a core opens it can remove the folders of
 * processes that were killed mid-retrieve while leaving a running import's alone.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../storage/processAlive.js';

const PREFIX = 'pacs-retrieve-';
/** An older version's folder (no process id) is taken as abandoned after this long. */
const LEGACY_AGE_MS = 3_600_000;

export function makeRetrieveFolder(dataDir: string): string {
  return mkdtempSync(join(dataDir, `${PREFIX}${process.pid}-`));
}

/** Removes the retrieve folders of processes that are gone. */
export function sweepRetrieveLeftovers(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(dataDir, name);
    const pid = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    const stale = pid ? !isProcessAlive(Number(pid)) : Date.now() - modifiedAt(path) > LEGACY_AGE_MS;
    if (stale) rmSync(path, { recursive: true, force: true });
  }
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
