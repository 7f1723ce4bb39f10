/** File helpers shared by export and re-import: 8-bit grey PNG, names, the atomic output folder. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { encode } from 'fast-png';
import { AppFailure } from '../../../shared/contract/result.js';

/** 8-bit greyscale PNG, no text chunks (nothing time-dependent), so the bytes are reproducible. */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  return encode({ width, height, data: pixels, channels: 1, depth: 8 });
}

/** A file-name stem from a case's source name: extension dropped, unsafe characters replaced. */
export function safeStem(sourceName: string): string {
  const base = basename(sourceName.replace(/\\/g, '/'));
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const safe = stem.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe || 'case';
}

/** Unique stems for cases in id order: a repeated stem gets `_<caseId>` appended. */
export function uniqueStems(cases: readonly { id: number; name: string }[]): Map<number, string> {
  const used = new Set<string>();
  const out = new Map<number, string>();
  for (const c of [...cases].sort((a, b) => a.id - b.id)) {
    let stem = safeStem(c.name);
    if (used.has(stem.toLowerCase())) stem = `${stem}_${c.id}`;
    used.add(stem.toLowerCase());
    out.set(c.id, stem);
  }
  return out;
}

/**
 * Prepares an export: refuses a non-empty existing target unless `force`, and returns a fresh
 * temporary sibling folder (same parent, so the final rename stays on one file system).
 */
export function beginAtomicDir(outDir: string, force: boolean): { target: string; temp: string } {
  const target = resolve(outDir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new AppFailure('conflict', `${target} exists and is not a folder`);
    if (readdirSync(target).length > 0 && !force) {
      throw new AppFailure('conflict', `${target} is not empty; choose another folder or pass --force to replace it`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.partial-${randomBytes(6).toString('hex')}`);
  mkdirSync(temp);
  return { target, temp };
}

/** Moves the finished temporary folder into place; an existing target is swapped out, then removed. */
export function commitAtomicDir(temp: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(temp, target);
    return;
  }
  const old = `${temp}.old`;
  renameSync(target, old);
  try {
    renameSync(temp, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

export function abortAtomicDir(temp: string): void {
  rmSync(temp, { recursive: true, force: true });
}

/** All files under a folder, relative paths with '/', sorted. */
export function listFiles(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else out.push(rel);
  }
  return out.sort();
}
