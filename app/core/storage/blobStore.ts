import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncPath, fsyncPathAsync, mkdirDurable, mkdirDurableAsync, writeFileDurable, writeFileDurableAsync } from './durable.js';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** sha256 of a file, read in chunks so a 30 MB pixel blob is not held twice. */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * sha256OfFile without blocking the event loop: reads are awaited and the hash is fed 1 MB at a
 * time, so a 30 MB blob costs the thread a few ms at a stretch, not 80 ms at once.
 */
export async function sha256OfFileAsync(path: string): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** A folder's names; none when it has gone (a data folder removed while the sweep ran). */
async function readdirOrNone(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** How old a blob's temporary file must be before `sweepStaleTemps` takes it for a dead writer's. */
export const STALE_TEMP_MS = 10 * 60_000;

/**
 * Content-addressed files beside the database: blobs/ab/cdef... named by sha256.
 *
 * `put` returns only once the blob is on disk under its real name (written to a temporary name,
 * fsynced, renamed, folder fsynced): callers commit the row that references it afterwards, so a
 * committed row never points at a blob a crash or power cut could lose. A blob already there is
 * not trusted by its name alone: an earlier crash (or a disk) may have left it truncated or
 * changed, so it is re-hashed and rewritten when it does not match.
 */
export class BlobStore {
  constructor(readonly root: string) {
    mkdirDurable(root);
  }

  pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a sha256: ${sha}`);
    return join(this.root, sha.slice(0, 2), sha.slice(2));
  }

  put(bytes: Uint8Array): string {
    const sha = sha256Hex(bytes);
    const target = this.pathOf(sha);
    if (this.holdsIntact(target, sha, bytes.byteLength)) {
      // Written by someone who may have died before flushing it: flushing clean pages is cheap.
      fsyncPath(target);
      fsyncPath(dirname(target));
      return sha;
    }
    mkdirDurable(dirname(target));
    writeFileDurable(target, bytes);
    return sha;
  }

  /**
   * `put` for the thread that serves the UI: the same durable steps and the same check of a blob
   * already there, awaited. `knownSha` skips hashing `bytes` here; pass it only when it was
   * computed over these very bytes (a decode worker of this process hashed them before handing
   * them over): a wrong one would file the bytes under another blob's name.
   */
  async putAsync(bytes: Uint8Array, knownSha?: string): Promise<string> {
    const sha = knownSha ?? sha256Hex(bytes);
    const target = this.pathOf(sha);
    if (await this.holdsIntactAsync(target, sha, bytes.byteLength)) {
      await fsyncPathAsync(target);
      await fsyncPathAsync(dirname(target));
      return sha;
    }
    await mkdirDurableAsync(dirname(target));
    await writeFileDurableAsync(target, bytes);
    return sha;
  }

  /**
   * Removes temporary files (`<sha>.<random>.tmp`) older than `olderThanMs`: what a writer killed
   * between write and rename left. Younger ones may belong to a put in progress (another process
   * on this data folder), so they stay. Returns how many were removed.
   */
  async sweepStaleTemps(olderThanMs = STALE_TEMP_MS): Promise<number> {
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const shard of await readdirOrNone(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdirOrNone(join(this.root, shard))) {
        if (!/^[0-9a-f]{62}\.[0-9a-f]+\.tmp$/.test(name)) continue;
        const path = join(this.root, shard, name);
        try {
          if ((await stat(path)).mtimeMs >= before) continue;
          await rm(path, { force: true });
          removed++;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // renamed meanwhile
        }
      }
    }
    return removed;
  }

  get(sha: string): Buffer {
    return readFileSync(this.pathOf(sha));
  }

  /** Whether `target` exists with exactly the expected bytes: the size first (cheap), then the hash. */
  private holdsIntact(target: string, sha: string, size: number): boolean {
    let actualSize: number;
    try {
      actualSize = statSync(target).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    return actualSize === size && sha256OfFile(target) === sha;
  }

  private async holdsIntactAsync(target: string, sha: string, size: number): Promise<boolean> {
    let actualSize: number;
    try {
      actualSize = (await stat(target)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    return actualSize === size && (await sha256OfFileAsync(target)) === sha;
  }
}
