/**
 * A synthetic four-view screening study (tests only): small 16-bit DICOMs sharing one Study
 * Instance UID, each with its Image Laterality and View Position, Imager Pixel Spacing and an
 * Estimated Radiographic Magnification Factor. Tissue is drawn on the left of every image (as
 * stored), so the hanging mirrors the right breast's images to meet the left ones in the middle.
 */
import { part10, writeElements, u16le, type El } from '../../fixtures/imaging/dicomWriter.js';

export const STUDY_UID = '1.2.826.0.1.3680043.9.7777.1';
export const VIEWS = [
  { laterality: 'R', view: 'CC' },
  { laterality: 'L', view: 'CC' },
  { laterality: 'R', view: 'MLO' },
  { laterality: 'L', view: 'MLO' },
] as const;

export interface StudyFileOptions {
  rows?: number;
  columns?: number;
  /** Imager Pixel Spacing (mm) and magnification factor; omitted when null. */
  imagerSpacing?: number | null;
  magnification?: number | null;
}

export function fourViewStudy(options: StudyFileOptions = {}): { name: string; bytes: Uint8Array }[] {
  return VIEWS.map(({ laterality, view }, i) => ({ name: `${laterality}${view}.dcm`, bytes: studyImage(i, laterality, view, options) }));
}

function studyImage(
  index: number,
  laterality: string,
  view: string,
  { rows = 48, columns = 32, imagerSpacing = 0.11, magnification = 1.1 }: StudyFileOptions,
): Uint8Array {
  const values: number[] = [];
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < columns; x++) values.push(x < columns / 2 ? 2000 + index * 50 + ((x + y) % 7) * 10 : 100);
  const elements: El[] = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: `${STUDY_UID}.${index + 1}` },
    { tag: 0x00080020, vr: 'DA', value: '20240131' },
    { tag: 0x00080060, vr: 'CS', value: 'MG' },
    { tag: 0x00100020, vr: 'LO', value: 'STUDY-PID' },
    { tag: 0x00185101, vr: 'CS', value: view },
    { tag: 0x0020000d, vr: 'UI', value: STUDY_UID },
    { tag: 0x0020000e, vr: 'UI', value: `${STUDY_UID}.9${index + 1}` },
    { tag: 0x00200062, vr: 'CS', value: laterality },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [rows] },
    { tag: 0x00280011, vr: 'US', value: [columns] },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [12] },
    { tag: 0x00280102, vr: 'US', value: [11] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x7fe00010, vr: 'OW', value: u16le(values) },
    ...(imagerSpacing !== null ? [{ tag: 0x00181164, vr: 'DS', value: `${imagerSpacing}\\${imagerSpacing}` }] : []),
    ...(magnification !== null ? [{ tag: 0x00181114, vr: 'DS', value: String(magnification) }] : []),
  ];
  return part10('1.2.840.10008.1.2.1', writeElements(elements), '1.2.840.10008.5.1.4.1.1.1.2');
}
