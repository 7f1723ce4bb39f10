/**
 * Writes that survive a power cut or `kill -9`: the bytes are flushed (fsync) before the rename
 * that publishes them, and the folder is flushed after it, so that a row committed afterwards never
 * points at a file the next start cannot find. Every file MammoSeg publishes (blobs, model files,
 * exports; the engine's model.json, weights.bin and model.onnx) goes through here. Plain Node with
 * no core import, so the engine process (app/engine) imports it too.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Flush a file's or folder's contents to the disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some file systems (and Windows for folders) refuse fsync on a directory handle: nothing
    // more can be done there, and the rename is still atomic.
    if (!isUnsupported(error)) throw error;
  } finally {
    closeSync(fd);
  }
}

/** Write `bytes` to `path` (new file or replace), durably: temp file, fsync, rename, fsync folder. */
export function writeFileDurable(path: string, bytes: Uint8Array | string): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
      let offset = 0;
      while (offset < data.byteLength) offset += writeSync(fd, data, offset, data.byteLength - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncPath(dirname(path));
}

/**
 * `mkdir -p` whose new folders survive a power cut: each folder it creates is named in its
 * parent, so every parent of a new level is flushed (a no-op when nothing was created).
 */
export function mkdirDurable(path: string): void {
  const first = mkdirSync(path, { recursive: true });
  if (first === undefined) return;
  fsyncPath(dirname(first));
  const levels = relative(first, path).split(sep).filter(Boolean);
  let current = first;
  for (const level of levels) {
    fsyncPath(current);
    current = join(current, level);
  }
}

/**
 * Flush every file under `dir` (recursively), then each folder: used before a folder written by
 * someone else (the engine) is renamed into place, so its contents are on disk before any row
 * points at it.
 */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else if (entry.isFile()) fsyncPath(path);
  }
  fsyncPath(dir);
}

/** Rename a finished file or folder into place and flush the folder that now names it. */
export function renameDurable(from: string, to: string): void {
  renameSync(from, to);
  fsyncPath(dirname(to));
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EINVAL' || code === 'EISDIR' || code === 'EPERM' || code === 'ENOTSUP';
}

/*
 * The same writes for a thread that serves the UI: each step awaits the disk (libuv's threads)
 * instead of blocking the event loop for the 20-190 ms an fsync takes on a loaded machine. The
 * order (flush file, rename, flush folder) is the synchronous functions' own.
 */

/** fsyncPath, awaited. */
export async function fsyncPathAsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

/** writeFileDurable, awaited: temp file, fsync, rename, fsync folder. */
export async function writeFileDurableAsync(path: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncPathAsync(dirname(path));
}

/** mkdirDurable, awaited. */
export async function mkdirDurableAsync(path: string): Promise<void> {
  const first = await mkdir(path, { recursive: true });
  if (first === undefined) return;
  await fsyncPathAsync(dirname(first));
  let current = first;
  for (const level of relative(first, path).split(sep).filter(Boolean)) {
    await fsyncPathAsync(current);
    current = join(current, level);
  }
}
