/**
 * Label maps back into the database as mask revisions (source 'import'), one importer per kind
 * of input; the formats themselves are read by labels/formats. A label map equal to the case's
 * latest revision is not stored again ("unchanged").
 */
export { importLabels } from './importLabels.js';
export { importLabelMaps } from './importLabelMaps.js';
export { importLabelMapImages } from './importLabelMapImages.js';
export { importMiasAnnotations } from './importMias.js';
export { fileInside } from './importPaths.js';
export { LABEL_SUFFIX } from './caseIndex.js';
export * from './types.js';
