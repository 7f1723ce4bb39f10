/**
 * The atomic, durable output folder of an export: files are written (fsync'd) into a temporary
 * sibling of the target, and the finished folder is renamed into place, so a reader never sees
 * half an export and an export reported done survives a power cut. A cancelled or failed export
 * removes the temporary folder and leaves the target as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fsyncPath, renameDurable, writeFileDurable } from '../storage/durable.js';
import type { ExportTarget } from './target.js';

export class StagingFolder {
  /** Folders made inside the temporary folder (relative), deepest last. */
  private readonly folders: string[] = [];

  private constructor(
    readonly temp: string,
    private readonly destination: ExportTarget,
  ) {}

  /** Makes the temporary folder beside the target (no recursion: the parent was checked to exist). */
  static begin(destination: ExportTarget): StagingFolder {
    const temp = join(destination.parent, `.${basename(destination.target)}.partial-${randomBytes(6).toString('hex')}`);
    mkdirSync(temp);
    return new StagingFolder(temp, destination);
  }

  /** Writes one file (relative path with '/'), making its folders one level at a time. */
  write(rel: string, bytes: Uint8Array | string): void {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (this.folders.includes(folder)) continue;
      mkdirSync(join(this.temp, folder));
      this.folders.push(folder);
    }
    writeFileDurable(join(this.temp, rel), bytes);
  }

  /**
   * Flushes the folders, then renames the export into place. An existing target (checked again by
   * `recheck` just before, as it may have changed during a long export) is swapped out and removed.
   */
  commit(recheck: () => void): void {
    for (const folder of [...this.folders].reverse()) fsyncPath(join(this.temp, folder));
    fsyncPath(this.temp);
    const { target, replaces } = this.destination;
    if (!replaces) {
      renameDurable(this.temp, target);
      return;
    }
    recheck();
    const old = `${this.temp}.old`;
    renameDurable(target, old);
    try {
      renameDurable(this.temp, target);
    } catch (error) {
      renameSync(old, target);
      throw error;
    }
    rmSync(old, { recursive: true, force: true });
  }

  abort(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }
}
