/**
 * The manifest every export writes: manifest.json (fixed key order, 2-space indent) and
 * manifest.csv (RFC 4180 quoting, LF line ends, one `count_<class>` and one `area_cm2_<class>`
 * column per class).
 */
import { areaCm2 } from '../../../shared/measure/area.js';
import { densityClasses, imageDensity } from '../../../shared/measure/density.js';
import type { Spacing } from '../../../shared/measure/spacing.js';
import type { Manifest, ManifestCase } from './types.js';

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_CSV = 'manifest.csv';

const CASE_COLUMNS: readonly (keyof Omit<ManifestCase, 'classCounts' | 'areasCm2' | 'spacingSource'>)[] = [
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

/**
 * A row's spacing facts: cm² per class from its pixel counts, or "uncalibrated" when the file
 * gave no spacing (a pixel count is then all that can honestly be said). Rounded to 1e-6 cm²,
 * below a pixel of any mammography detector, so the JSON does not carry float noise.
 */
export function withAreas(row: ManifestCase, spacing: Spacing): ManifestCase {
  const areas = row.classCounts.map((n) => areaCm2(n, spacing));
  const calibrated = areas.every((a): a is number => a !== null);
  return { ...row, spacingSource: spacing.source, areasCm2: calibrated ? areas.map((a) => Number(a.toFixed(6))) : 'uncalibrated' };
}

export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function manifestCsv(manifest: Manifest): string {
  // Tissue schemas (fibroglandular + pectoral) also get the area density and its BI-RADS hint;
  // a ratio of pixel counts, so it needs no pixel spacing.
  const tissue = densityClasses(manifestClassNames(manifest));
  const densityHeader = tissue ? ['density_percent', 'density_birads_hint'] : [];
  // Area columns come last so that readers of the earlier columns by position keep working.
  const header = [
    ...CASE_COLUMNS,
    ...manifest.classes.map((c) => `count_${c.name}`),
    ...densityHeader,
    'deidentified',
    'spacing_source',
    ...manifest.classes.map((c) => `area_cm2_${c.name}`),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const row of manifest.cases) {
    const fields = CASE_COLUMNS.map((key) => row[key]);
    const counts = manifest.classes.map((c) => row.classCounts[c.index] ?? 0);
    const areas = manifest.classes.map((c) =>
      row.areasCm2 === undefined ? null : row.areasCm2 === 'uncalibrated' ? 'uncalibrated' : (row.areasCm2[c.index] ?? 0),
    );
    const density = tissue && imageDensity(row.classCounts, tissue);
    const densityFields = tissue ? (density ? [Number(density.percent.toFixed(2)), density.quartile] : [null, null]) : [];
    lines.push(
      [...fields, ...counts, ...densityFields, manifest.deidentified, row.spacingSource ?? null, ...areas].map(csvField).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Class names by pixel value (the manifest may list only some classes). */
function manifestClassNames(manifest: Manifest): string[] {
  const names: string[] = [];
  for (const c of manifest.classes) names[c.index] = c.name;
  return Array.from(names, (n) => n ?? '');
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
