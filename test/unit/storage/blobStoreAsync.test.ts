import type * as FsPromises from 'node:fs/promises';
import { readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/paths.js';

// Pass-through node:fs/promises that records the order of fsyncs and renames (by path).
const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    open: async (path: string, ...rest: [never]) => {
      const handle = await fs.open(path, ...rest);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`fsync ${path}`);
        return sync();
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      calls.push(`rename ${to}`);
      return fs.rename(from, to);
    },
  };
});

const { BlobStore, sha256Hex } = await import('../../../app/core/storage/blobStore.js');

let root: string;
beforeEach(() => {
  root = join(tempDir(), 'blobs');
  calls.length = 0;
});

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('BlobStore.putAsync', () => {
  it('resolves only after the file is flushed, renamed into place and its folder flushed', async () => {
    const store = new BlobStore(root);
    const data = bytes(1000);
    const sha = await store.putAsync(data);
    const target = store.pathOf(sha);
    const fileSync = calls.findIndex((c) => c.startsWith(`fsync ${target}.`) && c.endsWith('.tmp'));
    const rename = calls.indexOf(`rename ${target}`);
    const folderSync = calls.lastIndexOf(`fsync ${join(root, sha.slice(0, 2))}`);
    expect(fileSync).toBeGreaterThanOrEqual(0);
    expect(rename).toBeGreaterThan(fileSync);
    expect(folderSync).toBeGreaterThan(rename);
    expect(calls).toContain(`fsync ${root}`); // the new shard folder is named durably
    expect(readFileSync(target)).toEqual(Buffer.from(data));
    expect(readdirSync(join(root, sha.slice(0, 2)))).toEqual([sha.slice(2)]);
  });

  it('names the blob by the sha it is given, without hashing, and by its own hash otherwise', async () => {
    const store = new BlobStore(root);
    const data = bytes(300);
    expect(await store.putAsync(data)).toBe(sha256Hex(data));
    expect(await store.putAsync(bytes(300, 2), sha256Hex(bytes(300, 2)))).toBe(sha256Hex(bytes(300, 2)));
  });

  it('leaves an intact blob as it is (same file), flushed again', async () => {
    const store = new BlobStore(root);
    const data = bytes(5000);
    const sha = await store.putAsync(data);
    const before = statSync(store.pathOf(sha)).ino;
    calls.length = 0;
    expect(await store.putAsync(data, sha)).toBe(sha);
    expect(statSync(store.pathOf(sha)).ino).toBe(before);
    expect(calls.filter((c) => c.startsWith('rename'))).toEqual([]);
    expect(calls).toContain(`fsync ${store.pathOf(sha)}`);
  });

  it('rewrites an existing blob that is truncated or whose bytes changed', async () => {
    const store = new BlobStore(root);
    const data = bytes(5000);
    const sha = await store.putAsync(data);
    truncateSync(store.pathOf(sha), 1234);
    await store.putAsync(data, sha);
    expect(readFileSync(store.pathOf(sha))).toEqual(Buffer.from(data));
    writeFileSync(store.pathOf(sha), bytes(5000, 7)); // right size, wrong bytes
    await store.putAsync(data, sha);
    expect(sha256Hex(readFileSync(store.pathOf(sha)))).toBe(sha);
  });
});

describe('BlobStore.sweepStaleTemps', () => {
  it("removes only a dead writer's old temporary files", async () => {
    const store = new BlobStore(root);
    const sha = await store.putAsync(bytes(100));
    const shard = join(root, sha.slice(0, 2));
    const old = join(shard, `${sha.slice(2)}.0a1b2c.tmp`);
    const young = join(shard, `${sha.slice(2)}.3d4e5f.tmp`);
    writeFileSync(old, 'half');
    writeFileSync(young, 'in progress');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(old, hourAgo, hourAgo);
    expect(await store.sweepStaleTemps()).toBe(1);
    expect(readdirSync(shard).sort()).toEqual([sha.slice(2), `${sha.slice(2)}.3d4e5f.tmp`].sort());
  });
});
