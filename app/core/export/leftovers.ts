/**
 * Staging folders of exports that did not finish: a process killed by a signal it cannot catch
 * (kill -9, a power cut) leaves its `.partial-*` folder, holding label files named after
 * patients. The next export sweeps the folders it writes in: a staging folder is named with its
 * process id, and one whose process is gone is removed. Folders named by older versions (no
 * process id) are removed when they hold only what an export writes.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../storage/processAlive.js';
import { strayEntry } from './layout.js';

const CURRENT = /^\..*partial-(\d+)-[0-9a-f]{12}$/;
const LEGACY = /^\..+\.partial-[0-9a-f]{12}(\.old)?$/;

/** The staging folder name for this process: `.<stem>partial-<pid>-<12 hex>`. */
export function stagingName(stem: string, random: string): string {
  return `.${stem}partial-${process.pid}-${random}`;
}

/** Removes leftover staging folders in `folder` (best effort: an unreadable one stays). */
export function sweepLeftovers(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(folder, name);
    const current = CURRENT.exec(name);
    const stale = current ? !isProcessAlive(Number(current[1])) : LEGACY.test(name) && onlyExportFiles(path);
    if (stale) rmSync(path, { recursive: true, force: true });
  }
}

function onlyExportFiles(path: string): boolean {
  try {
    return strayEntry(path) === null;
  } catch {
    return false;
  }
}
