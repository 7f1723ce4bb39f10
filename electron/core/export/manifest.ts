/**
 * The manifest every export writes: manifest.json (fixed key order, 2-space indent) and
 * manifest.csv (RFC 4180 quoting, LF line ends, one `count_<class>` column per class).
 */
import type { Manifest, ManifestCase } from './types.js';

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_CSV = 'manifest.csv';

const CASE_COLUMNS: readonly (keyof Omit<ManifestCase, 'classCounts'>)[] = [
  'caseId',
  'fileName',
  'sourceName',
  'sourceFile',
  'fileSha256',
  'reviewState',
  'reviewer',
  'revisionId',
  'revisionTime',
  'modelVersion',
  'width',
  'height',
  'studyInstanceUid',
  'seriesInstanceUid',
  'sopInstanceUid',
];

export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function manifestCsv(manifest: Manifest): string {
  const header = [...CASE_COLUMNS, ...manifest.classes.map((c) => `count_${c.name}`), 'deidentified'];
  const lines = [header.map(csvField).join(',')];
  for (const row of manifest.cases) {
    const fields = CASE_COLUMNS.map((key) => row[key]);
    const counts = manifest.classes.map((c) => row.classCounts[c.index] ?? 0);
    lines.push([...fields, ...counts, manifest.deidentified].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Reads manifest.json written by an export; checks only what re-import relies on. */
export function parseManifest(text: string): Manifest {
  const value = JSON.parse(text) as Partial<Manifest>;
  if (value.manifestVersion !== 1 || !Array.isArray(value.cases) || !Array.isArray(value.classes)) {
    throw new Error('not a MammoSeg export manifest (manifestVersion 1)');
  }
  return value as Manifest;
}
