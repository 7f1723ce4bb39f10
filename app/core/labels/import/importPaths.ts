/**
 * File names read from an export (manifest.json, COCO `file_name`, a folder listing) are data,
 * not paths to trust: each must name a file inside the folder being imported. `../`, absolute
 * paths (POSIX or Windows) and symbolic links that lead outside are refused with an error naming
 * the entry, before anything is read or stored.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve, win32 } from 'node:path';
import { AppFailure } from '../../../../shared/contract/result.js';
import { isSameOrInside } from '../../export/target.js';

/** The absolute path `name` names inside `root`; `entry` says where the name came from. */
export function fileInside(root: string, name: unknown, entry: string): string {
  const refuse = (why: string) => new AppFailure('invalid-request', `${entry}: ${why}`);
  if (typeof name !== 'string' || name === '') throw refuse('no file name');
  const shown = JSON.stringify(name);
  if (name.includes('\0')) throw refuse(`${shown} contains a NUL character`);
  if (isAbsolute(name) || win32.isAbsolute(name))
    throw refuse(`${shown} is an absolute path; an export names its files relative to its folder`);
  const base = resolve(root);
  const path = resolve(base, name);
  if (name.split(/[\\/]/).includes('..') || path === base || !isSameOrInside(path, base)) {
    throw refuse(`${shown} leads out of the import folder ${base}`);
  }
  if (exists(path)) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      throw refuse(`${shown} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (!isSameOrInside(real, realpathSync(base)))
      throw refuse(`${shown} is a symbolic link to ${real}, outside the import folder ${base}`);
  }
  return path;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
