export { exportLabels, timeWindow, DEFAULT_EXPORT_STATES, COCO_FILE, PNG_LABELS_DIR, PNG_CLASSES_DIR, SEG_DIR } from './exportLabels.js';
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
export { hashUid, makeDeidentifier, dateShiftFor, type Deidentifier } from './deidentify.js';
export { buildDicomSeg, SEG_SOP_CLASS_UID } from './dicomSeg.js';
export { MANIFEST_CSV, MANIFEST_JSON, parseManifest } from './manifest.js';
export * from './types.js';
