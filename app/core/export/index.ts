// Export orchestration only: the formats are in labels/formats, the importers in labels/import.
export { exportLabels, timeWindow, DEFAULT_EXPORT_STATES } from './exportLabels.js';
export { EXPORT_FORMATS, EXPORT_FORMAT_REGISTRY, exportFormat } from './formats/registry.js';
export type { ExportFormatDefinition, ExportCase, ExportRun, FormatWriter } from './formats/types.js';
export { COCO_FILE, PNG_LABELS_DIR, PNG_CLASSES_DIR, SEG_DIR, foreignEntry } from './layout.js';
export { checkExportTarget, managedExportTarget, EXPORTS_DIR, type ExportTarget } from './target.js';
export { exportForRequest } from './exportRequest.js';
export { makeDeidentifier, dateOffsetMs, DEID_METHOD_CODES, type Deidentifier } from './deidentify.js';
export { dataFolderSecret, readSecretFile, givenSecret, DEID_SECRET_FILE } from './deidSecret.js';
export { uidFromText, uidFromSecret } from './uids.js';
export { MANIFEST_CSV, MANIFEST_JSON, parseManifest } from './manifest.js';
export * from './types.js';
