/**
 * The durable output folder of an export: files are written (fsync'd) into a hidden staging
 * folder and moved into place at the end, so an export reported done survives a power cut.
 *  - A new folder: staged beside it and renamed into place at once (a reader never sees half).
 *  - An existing folder (empty, or an earlier export with --force): staged inside it, then the
 *    earlier export's files are removed and the new ones moved in. The folder itself is never
 *    replaced, so it keeps its inode, owner, mode, sticky bit and ACLs, and a mount point
 *    (/dev/shm) works.
 * A cancelled or failed export removes the staging folder and leaves the target as it was; the
 * staging folder carries this process's id so that the next export sweeps it if this one is
 * killed outright (leftovers.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readdir, rename, rm, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncPathAsync, writeFileDurableAsync } from '../storage/durable.js';
import { stagingName, sweepLeftovers } from './leftovers.js';
import type { ExportTarget } from './target.js';

export class StagingFolder {
  /** Folders made inside the temporary folder (relative), deepest last. */
  private readonly folders: string[] = [];

  private constructor(
    readonly temp: string,
    private readonly destination: ExportTarget,
    /** Every file and folder gets this modification time (de-identified exports), instead of now. */
    private readonly fileTime: Date | undefined,
  ) {}

  /** Name of the staging folder inside an existing target (what a recheck must pass over). */
  get name(): string {
    return basename(this.temp);
  }

  /** Sweeps leftovers, then makes the staging folder (no recursion: the folder it goes in exists). */
  static begin(destination: ExportTarget, options: { fileTime?: Date } = {}): StagingFolder {
    const random = randomBytes(6).toString('hex');
    sweepLeftovers(destination.parent);
    if (destination.replaces) sweepLeftovers(destination.target);
    const temp = destination.replaces
      ? join(destination.target, stagingName('mammoseg.', random))
      : join(destination.parent, stagingName(`${basename(destination.target)}.`, random));
    mkdirSync(temp);
    return new StagingFolder(temp, destination, options.fileTime);
  }
  /**
   * Writes one file (relative path with '/'), making its folders one level at a time. The flushes
   * are awaited (libuv's threads), not made on the calling thread: an export on the core's thread
   * would otherwise block it for every fsync, 20 ms and more each on a loaded disk.
   */
  async write(rel: string, bytes: Uint8Array | string): Promise<void> {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (this.folders.includes(folder)) continue;
      mkdirSync(join(this.temp, folder));
      this.folders.push(folder);
    }
    await writeFileDurableAsync(join(this.temp, rel), bytes);
    if (this.fileTime) await utimes(join(this.temp, rel), this.fileTime, this.fileTime);
  }

  /**
   * Flushes the files' folders, then moves the export into place: a new folder by one rename;
   * into an existing one (checked again by `recheck` just before, as it may have changed during
   * a long export) by removing the earlier export's entries and renaming each new one in.
   */
  async commit(recheck: () => void): Promise<void> {
    for (const folder of [...this.folders].reverse()) {
      if (this.fileTime) await utimes(join(this.temp, folder), this.fileTime, this.fileTime);
      await fsyncPathAsync(join(this.temp, folder));
    }
    await fsyncPathAsync(this.temp);
    const { target, replaces } = this.destination;
    if (!replaces) {
      await rename(this.temp, target);
      await fsyncPathAsync(dirname(target));
      return;
    }
    recheck();
    for (const name of await readdir(target)) {
      if (name !== this.name) await rm(join(target, name), { recursive: true, force: true });
    }
    for (const name of await readdir(this.temp)) await rename(join(this.temp, name), join(target, name));
    await rm(this.temp, { recursive: true, force: true });
    await fsyncPathAsync(target);
  }

  abort(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }
}
