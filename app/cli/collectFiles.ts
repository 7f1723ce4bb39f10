import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** An entry of a folder that is not imported, with why, for the user to see. */
export interface SkippedEntry {
  path: string;
  /** "symlink", or the kind of special file ("FIFO", "socket", "device"). */
  kind: string;
}

/**
 * Expands the paths given on the command line: files as they are, folders recursively in
 * name order (hidden entries skipped). A path that does not exist is returned as such so the
 * import reports it by name instead of stopping.
 *
 * Symlinks inside a folder are not followed (a link to a parent folder would loop, and a link
 * can lead out of the folder the user chose) and neither are special files (reading a FIFO
 * blocks): each is passed to `onSkipped` so the user hears about it instead of an import that
 * silently finds nothing. A path named on the command line is taken at its word, link or not.
 */
export async function collectFiles(paths: readonly string[], onSkipped: (entry: SkippedEntry) => void = () => {}): Promise<string[]> {
  const out: string[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) out.push(...(await walk(path, onSkipped)));
    else out.push(path);
  }
  return out;
}

async function walk(dir: string, onSkipped: (entry: SkippedEntry) => void): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path, onSkipped)));
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) onSkipped({ path, kind: 'symlink' });
    else onSkipped({ path, kind: entry.isFIFO() ? 'FIFO' : entry.isSocket() ? 'socket' : 'device' });
  }
  return out;
}
