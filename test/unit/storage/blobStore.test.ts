import type * as Fs from 'node:fs';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/paths.js';

// Pass-through node:fs that records the order of fsyncs and renames (by path).
const calls: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const paths = new Map<number, string>();
  return {
    ...fs,
    openSync: (path: string, ...rest: [never]) => {
      const fd = fs.openSync(path, ...rest);
      paths.set(fd, path);
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${paths.get(fd)}`);
      fs.fsyncSync(fd);
    },
    renameSync: (from: string, to: string) => {
      calls.push(`rename ${to}`);
      fs.renameSync(from, to);
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
const shardFiles = (store: InstanceType<typeof BlobStore>, sha: string) => readdirSync(join(store.root, sha.slice(0, 2)));

describe('BlobStore.put', () => {
  it('returns only after the file is flushed, renamed into place and its folder flushed', () => {
    const store = new BlobStore(root);
    calls.length = 0;
    const data = bytes(1000);
    const sha = store.put(data);
    const target = store.pathOf(sha);
    const shard = join(root, sha.slice(0, 2));
    const fileSync = calls.findIndex((c) => c.startsWith(`fsync ${target}.`) && c.endsWith('.tmp'));
    const rename = calls.indexOf(`rename ${target}`);
    const folderSync = calls.lastIndexOf(`fsync ${shard}`);
    expect(fileSync).toBeGreaterThanOrEqual(0);
    expect(rename).toBeGreaterThan(fileSync);
    expect(folderSync).toBeGreaterThan(rename);
    // The new shard folder is itself named durably in blobs/.
    expect(calls).toContain(`fsync ${root}`);
    expect(readFileSync(target)).toEqual(Buffer.from(data));
    expect(shardFiles(store, sha)).toEqual([sha.slice(2)]);
  });

  it('leaves an intact blob as it is (same file), flushed again', () => {
    const store = new BlobStore(root);
    const data = bytes(5000);
    const sha = store.put(data);
    const before = statSync(store.pathOf(sha));
    calls.length = 0;
    expect(store.put(data)).toBe(sha);
    expect(statSync(store.pathOf(sha)).ino).toBe(before.ino);
    expect(calls.filter((c) => c.startsWith('rename'))).toEqual([]);
    expect(calls).toContain(`fsync ${store.pathOf(sha)}`);
  });

  it('rewrites a blob found truncated by an earlier crash', () => {
    const store = new BlobStore(root);
    const data = bytes(5000);
    const sha = store.put(data);
    truncateSync(store.pathOf(sha), 1234);
    expect(store.put(data)).toBe(sha);
    expect(readFileSync(store.pathOf(sha))).toEqual(Buffer.from(data));
    expect(sha256Hex(readFileSync(store.pathOf(sha)))).toBe(sha);
    expect(shardFiles(store, sha)).toEqual([sha.slice(2)]);
  });

  it('rewrites a blob of the right size whose bytes changed', () => {
    const store = new BlobStore(root);
    const data = bytes(5000);
    const sha = store.put(data);
    writeFileSync(store.pathOf(sha), bytes(5000, 7));
    store.put(data);
    expect(readFileSync(store.pathOf(sha))).toEqual(Buffer.from(data));
  });

  it('stores an empty blob', () => {
    const store = new BlobStore(root);
    const sha = store.put(new Uint8Array(0));
    expect(store.get(sha).byteLength).toBe(0);
    expect(store.put(new Uint8Array(0))).toBe(sha);
  });
});
