/** File naming of the export: file-name stems and the list of written files. */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * A file-name stem from a case's source name: folders and extension dropped, unsafe characters
 * replaced. A " / " with spaces is the PACS import's separator (patient / date / view,
 * pacs/caseName.ts), not a folder: all three parts stay.
 */
export function safeStem(sourceName: string): string {
  const base = basename(sourceName.replace(/ \/ /g, '_').replace(/\\/g, '/'));
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
