/** The label formats, each a reader and/or writer of label maps (types.ts). */
export { pngFormat, encodeGreyPng, classMask } from './png.js';
export { cocoFormat, CocoWriter } from './coco.js';
export { encodeCocoRle, decodeCocoRle, type CocoRle } from './cocoRle.js';
export { dicomSegFormat, buildDicomSeg, SEG_SOP_CLASS_UID } from './dicomSeg.js';
export { labelMapFormat, parseValueMapping, type ValueMapping } from './labelMap.js';
export { miasFormat, parseMiasCsv, fillCircle, type MiasCircle } from './mias.js';
export type { LabelFormat, ExpectedSize } from './types.js';
