import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsyncPath, mkdirDurable, writeFileDurable } from './durable.js';

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
}
