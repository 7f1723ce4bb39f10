import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Content-addressed files beside the database: blobs/ab/cdef... named by sha256. Written to a
 * temporary name and renamed, so a crash never leaves a half-written file under a real name;
 * a row only ever references a blob that is complete.
 */
export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a sha256: ${sha}`);
    return join(this.root, sha.slice(0, 2), sha.slice(2));
  }

  put(bytes: Uint8Array): string {
    const sha = sha256Hex(bytes);
    const target = this.pathOf(sha);
    if (existsSync(target)) return sha;
    mkdirSync(join(this.root, sha.slice(0, 2)), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, bytes);
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    return sha;
  }

  get(sha: string): Buffer {
    return readFileSync(this.pathOf(sha));
  }
}
