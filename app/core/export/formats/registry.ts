/**
 * Every export format, by name: the one list the export, the CLI's --format choices and help
 * read. The names and descriptions are the contract's (shared/domain/export.ts); this record's
 * type makes a name without a writer (or a writer without a name) a compile error.
 */
import type { ExportFormat } from '../types.js';
import { cocoExport } from './cocoExport.js';
import { dicomSegExport } from './dicomSegExport.js';
import { pngExport } from './pngExport.js';
import type { ExportFormatDefinition } from './types.js';

export const EXPORT_FORMAT_REGISTRY: { readonly [F in ExportFormat]: ExportFormatDefinition } = {
  png: pngExport,
  coco: cocoExport,
  'dicom-seg': dicomSegExport,
};

/** The format names in the order the CLI lists them. */
export const EXPORT_FORMATS = Object.keys(EXPORT_FORMAT_REGISTRY) as readonly ExportFormat[];

/** The format's definition; an unknown name (a caller that skipped the schema) is a bad request. */
export function exportFormat(name: string): ExportFormatDefinition | undefined {
  return Object.hasOwn(EXPORT_FORMAT_REGISTRY, name) ? EXPORT_FORMAT_REGISTRY[name as ExportFormat] : undefined;
}
