import type * as Fs from 'node:fs';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/paths.js';

// Pass-through node:fs that records which paths were fsynced and renamed, in order.
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

const { fsyncTree, mkdirDurable, renameDurable, writeFileDurable } = await import('../../../app/core/storage/durable.js');

let root: string;
beforeEach(() => {
  root = tempDir();
  calls.length = 0;
});

describe('durable writes', () => {
  it('mkdirDurable flushes the parent of every folder it creates, and nothing when all exist', () => {
    mkdirDurable(join(root, 'a', 'b', 'c'));
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
    expect(calls).toEqual([`fsync ${root}`, `fsync ${join(root, 'a')}`, `fsync ${join(root, 'a', 'b')}`]);
    calls.length = 0;
    mkdirDurable(join(root, 'a', 'b'));
    expect(calls).toEqual([]);
  });

  it('fsyncTree flushes every file before the folders that hold them', () => {
    mkdirSync(join(root, 'm', 'sub'), { recursive: true });
    writeFileSync(join(root, 'm', 'model.json'), '{}');
    writeFileSync(join(root, 'm', 'sub', 'weights.bin'), 'w');
    fsyncTree(join(root, 'm'));
    expect(new Set(calls)).toEqual(
      new Set([
        `fsync ${join(root, 'm', 'model.json')}`,
        `fsync ${join(root, 'm', 'sub', 'weights.bin')}`,
        `fsync ${join(root, 'm', 'sub')}`,
        `fsync ${join(root, 'm')}`,
      ]),
    );
    expect(calls.at(-1)).toBe(`fsync ${join(root, 'm')}`);
    expect(calls.indexOf(`fsync ${join(root, 'm', 'sub')}`)).toBeGreaterThan(
      calls.indexOf(`fsync ${join(root, 'm', 'sub', 'weights.bin')}`),
    );
  });

  it('writeFileDurable flushes the bytes, renames, then flushes the folder, leaving no temporary file', () => {
    const file = join(root, 'x.json');
    writeFileDurable(file, 'hello');
    expect(calls.map((c) => c.replace(/\.[0-9a-f]{12}\.tmp$/, '.TMP'))).toEqual([`fsync ${file}.TMP`, `rename ${file}`, `fsync ${root}`]);
    expect(readFileSync(file, 'utf8')).toBe('hello');
    expect(readdirSync(root)).toEqual(['x.json']);
  });

  it('renameDurable flushes the folder that now names the file', () => {
    writeFileSync(join(root, 'from'), 'x');
    mkdirSync(join(root, 'to'));
    renameDurable(join(root, 'from'), join(root, 'to', 'file'));
    expect(calls).toEqual([`rename ${join(root, 'to', 'file')}`, `fsync ${join(root, 'to')}`]);
  });
});
