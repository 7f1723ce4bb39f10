/**
 * Where an export may be written, decided before anything is created or removed:
 *  - only absolute paths: a relative one would land in whatever folder the host process runs in;
 *  - the parent must already be a writable folder: nothing is created above the export itself
 *    (Node's recursive mkdir never returns for a path under /proc, so it is not used at all);
 *  - never the data folder, a folder inside it or one containing it (compared as real paths,
 *    so a symbolic link or `..` does not get round it);
 *  - an existing non-empty folder is replaced only with `force` and only when it holds a
 *    MammoSeg export and nothing else (layout.ts): MammoSeg deletes only what it wrote.
 * Exports without a folder (the browser host) go to `<data>/exports/<id>`, a place MammoSeg owns.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, lstatSync, mkdirSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import { foreignEntry } from './layout.js';

/** Folder of the data folder that receives exports made without a chosen folder. */
export const EXPORTS_DIR = 'exports';

export interface ExportTarget {
  /** Absolute path of the export folder. */
  target: string;
  /** Its parent, where the temporary folder is made (same file system, so the rename is atomic). */
  parent: string;
  /**
   * The folder exists (empty, or an earlier export with `force`): the export is written inside
   * it and an earlier export's files are replaced there; the folder itself is never replaced.
   */
  replaces: boolean;
}

/**
 * Checks a chosen export folder; throws an AppFailure naming the path and the problem. `ignore`
 * names an entry of the folder to pass over: the staging folder of this very export, when the
 * folder is checked again just before the files are moved in.
 */
export function checkExportTarget(outDir: string, dataDir: string, force: boolean, ignore?: string): ExportTarget {
  if (!isAbsolute(outDir)) {
    throw new AppFailure('invalid-request', `export folder ${JSON.stringify(outDir)} is a relative path: give an absolute path`);
  }
  const target = resolve(outDir);
  const parent = dirname(target);
  if (parent === target) throw new AppFailure('invalid-request', `cannot export to ${target}: it is the root of a file system`);
  const cannot = (why: string) => new AppFailure('invalid-request', `cannot export to ${target}: ${why}`);

  const parentStat = statOrCode(parent);
  if (typeof parentStat === 'string') {
    throw cannot(
      parentStat === 'ENOENT' || parentStat === 'ENOTDIR'
        ? `the folder ${parent} does not exist (create it first)`
        : `${parent}: ${parentStat}`,
    );
  }
  if (!parentStat.isDirectory()) throw cannot(`${parent} is not a folder`);

  const realTarget = join(realpathSync(parent), basename(target));
  const realData = realpathSync(dataDir);
  if (isSameOrInside(realTarget, realData)) {
    throw cannot(`it ${realTarget === realData ? 'is' : 'lies inside'} the data folder ${dataDir}; choose a folder outside it`);
  }
  if (isSameOrInside(realData, realTarget)) throw cannot(`it contains the data folder ${dataDir}; choose a folder outside it`);

  const existing = lstatOrNull(target);
  // A new folder is made in the parent; an existing one is written into (it keeps its owner,
  // mode, sticky bit and ACLs, and may be a mount point such as /dev/shm).
  const writtenIn = existing?.isDirectory() ? target : parent;
  try {
    accessSync(writtenIn, constants.W_OK | constants.X_OK);
  } catch {
    throw cannot(`the folder ${writtenIn} is not writable`);
  }
  if (!existing) return { target, parent, replaces: false };
  if (existing.isSymbolicLink())
    throw new AppFailure('conflict', `cannot export to ${target}: it is a symbolic link; give the folder itself`);
  if (!existing.isDirectory()) throw new AppFailure('conflict', `cannot export to ${target}: it exists and is not a folder`);
  if (readdirSync(target).filter((name) => name !== ignore).length === 0) return { target, parent, replaces: true };
  if (!force) {
    throw new AppFailure(
      'conflict',
      `${target} is not empty; choose another folder, or pass --force to replace an earlier MammoSeg export there`,
    );
  }
  const foreign = foreignEntry(target, ignore);
  if (foreign) {
    throw new AppFailure(
      'conflict',
      `${target} is not a MammoSeg export (${foreign}); --force replaces only a folder an earlier export wrote, so nothing was changed`,
    );
  }
  return { target, parent, replaces: true };
}

/**
 * A new, unique folder under `<data>/exports` (the folder is not created; its parent is, without
 * recursion: the data folder exists while a core is open).
 */
export function managedExportTarget(dataDir: string, now = new Date()): ExportTarget {
  const parent = join(dataDir, EXPORTS_DIR);
  const existing = lstatOrNull(parent);
  if (!existing) mkdirSync(parent);
  else if (!existing.isDirectory()) throw new AppFailure('conflict', `${parent} exists and is not a folder; move it away to export`);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return { target: join(parent, `${stamp}-${randomBytes(3).toString('hex')}`), parent, replaces: false };
}

/** Whether `path` is `folder` or lies inside it (both absolute, already real paths). */
export function isSameOrInside(path: string, folder: string): boolean {
  const rel = relative(foldCase(folder), foldCase(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** macOS and Windows file systems ignore case by default: compare paths that way there. */
const foldCase = (path: string): string => (process.platform === 'darwin' || process.platform === 'win32' ? path.toLowerCase() : path);

function statOrCode(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
