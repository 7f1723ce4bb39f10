/**
 * What an export folder holds, in one place: the writer uses the names, re-import reads them, and
 * `--force` uses `foreignEntry` to replace a folder only when everything in it is something an
 * export writes (so a stray manifest.json in a home folder does not make the home folder fair game).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_CSV, MANIFEST_JSON, parseManifest } from './manifest.js';

export const COCO_FILE = 'annotations.json';
export const PNG_LABELS_DIR = 'labels';
export const PNG_CLASSES_DIR = 'classes';
export const SEG_DIR = 'seg';

/** Top-level files an export writes. */
const TOP_FILES = new Set([MANIFEST_JSON, MANIFEST_CSV, COCO_FILE]);
/** Top-level folders an export writes, and the file extension inside them. */
const FILE_FOLDERS = new Map([
  [PNG_LABELS_DIR, '.png'],
  [SEG_DIR, '.dcm'],
]);

/**
 * The first entry of `dir` (relative path) that a MammoSeg export would not have written, or null
 * when the folder is a MammoSeg export: a readable MammoSeg manifest.json, plus only export files.
 */
export function foreignEntry(dir: string, ignore?: string): string | null {
  let manifestOk = false;
  try {
    const manifest = parseManifest(readFileSync(join(dir, MANIFEST_JSON), 'utf8'));
    manifestOk = typeof manifest.generator === 'string' && manifest.generator.startsWith('MammoSeg');
  } catch {
    manifestOk = false;
  }
  if (!manifestOk) return `${MANIFEST_JSON} missing or not written by MammoSeg`;
  return strayEntry(dir, ignore);
}

/**
 * The first entry of `dir` that is not an export file or folder (the manifest not required: a
 * staging folder left by a killed export may not have one yet), or null. `ignore` names an
 * entry to pass over (the staging folder of the export running now).
 */
export function strayEntry(dir: string, ignore?: string): string | null {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ignore) continue;
    if (entry.isFile() && TOP_FILES.has(entry.name)) continue;
    const ext = FILE_FOLDERS.get(entry.name);
    if (entry.isDirectory() && ext) {
      const odd = onlyFiles(join(dir, entry.name), ext);
      if (odd) return `${entry.name}/${odd}`;
      continue;
    }
    if (entry.isDirectory() && entry.name === PNG_CLASSES_DIR) {
      for (const klass of readdirSync(join(dir, entry.name), { withFileTypes: true })) {
        if (!klass.isDirectory()) return `${entry.name}/${klass.name}`;
        const odd = onlyFiles(join(dir, entry.name, klass.name), '.png');
        if (odd) return `${entry.name}/${klass.name}/${odd}`;
      }
      continue;
    }
    return entry.name;
  }
  return null;
}

/** The first entry of a folder that is not a plain file ending in `ext`, or null. */
function onlyFiles(dir: string, ext: string): string | null {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith(ext)) return entry.name;
  }
  return null;
}
