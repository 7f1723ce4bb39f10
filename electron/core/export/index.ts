export { exportLabels, timeWindow, DEFAULT_EXPORT_STATES } from './exportLabels.js';
export { COCO_FILE, PNG_LABELS_DIR, PNG_CLASSES_DIR, SEG_DIR, foreignEntry } from './layout.js';
export { checkExportTarget, managedExportTarget, EXPORTS_DIR, type ExportTarget } from './target.js';
export { exportForRequest } from './exportRequest.js';
export {
  importLabels,
  importLabelMaps,
  importLabelMapImages,
  importMiasAnnotations,
  parseValueMapping,
  parseMiasCsv,
  fillCircle,
  LABEL_IMPORT_FORMATS,
  type LabelImportFormat,
  type LabelImportSummary,
  type LabelImportItem,
  type LabelImportProblem,
  type ValueMapping,
} from './importLabels.js';
export { encodeCocoRle, decodeCocoRle, type CocoRle } from './cocoRle.js';
export { makeDeidentifier, dateOffsetMs, DEID_METHOD_CODES, type Deidentifier } from './deidentify.js';
export { dataFolderSecret, readSecretFile, givenSecret, DEID_SECRET_FILE } from './deidSecret.js';
export { uidFromText, uidFromSecret } from './uids.js';
export { buildDicomSeg, SEG_SOP_CLASS_UID } from './dicomSeg.js';
export { MANIFEST_CSV, MANIFEST_JSON, parseManifest } from './manifest.js';
export * from './types.js';
