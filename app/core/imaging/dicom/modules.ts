/**
 * DICOM tags mapped once into typed modules, named after the IOD modules of PS3.3 (the
 * cornerstone3D habit). This file is the only place that knows tag numbers; the dicom-parser
 * DataSet never leaves imaging/.
 */
import type { DataSet, Element } from 'dicom-parser';

/** PS3.10 File Meta Information (group 0002). */
export interface FileMetaModule {
  /** (0002,0010) */
  transferSyntaxUid: string | undefined;
  /** (0002,0002) */
  mediaStorageSopClassUid: string | undefined;
}

/** C.7.1.1 Patient. PHI: never logged. */
export interface PatientModule {
  /** (0010,0010) */
  patientName: string | undefined;
  /** (0010,0020) */
  patientId: string | undefined;
}

/** C.7.2.1 General Study. */
export interface GeneralStudyModule {
  /** (0020,000D) */
  studyInstanceUid: string | undefined;
  /** (0008,0020) */
  studyDate: string | undefined;
}

/** C.7.3.1 General Series. */
export interface GeneralSeriesModule {
  /** (0020,000E) */
  seriesInstanceUid: string | undefined;
  /** (0008,0060) */
  modality: string | undefined;
  /** (0018,0015) */
  bodyPartExamined: string | undefined;
  /** (0020,0060) series-level Laterality */
  laterality: string | undefined;
}

/** C.7.5.1 General Equipment. */
export interface GeneralEquipmentModule {
  /** (0008,0070) */
  manufacturer: string | undefined;
}

/** C.12.1 SOP Common. */
export interface SopCommonModule {
  /** (0008,0016) */
  sopClassUid: string | undefined;
  /** (0008,0018) */
  sopInstanceUid: string | undefined;
}

/** C.7.6.1 General Image plus the DX / Mammography image attributes we use (C.8.11.7, C.8.11.8). */
export interface GeneralImageModule {
  /** (0020,0062) Image Laterality */
  imageLaterality: string | undefined;
  /** (0018,5101) View Position */
  viewPosition: string | undefined;
  /** (0008,0068) Presentation Intent Type */
  presentationIntentType: string | undefined;
  /** (0028,2110) Lossy Image Compression ("00" / "01") */
  lossyImageCompression: string | undefined;
  /** (0018,1164) Imager Pixel Spacing, [row, column] mm */
  imagerPixelSpacing: [number, number] | undefined;
}

/** C.7.6.3 Image Pixel. */
export interface ImagePixelModule {
  /** (0028,0002) */
  samplesPerPixel: number;
  /** (0028,0004) */
  photometricInterpretation: string;
  /** (0028,0010) */
  rows: number;
  /** (0028,0011) */
  columns: number;
  /** (0028,0100) */
  bitsAllocated: number;
  /** (0028,0101) */
  bitsStored: number;
  /** (0028,0102) */
  highBit: number;
  /** (0028,0103) 0 unsigned, 1 two's complement */
  pixelRepresentation: number;
  /** (0028,0006) 0 interleaved, 1 planar */
  planarConfiguration: number;
  /** (0028,0030) Pixel Spacing, [row, column] mm */
  pixelSpacing: [number, number] | undefined;
}

/** C.7.6.6 Multi-frame. */
export interface MultiFrameModule {
  /** (0028,0008) */
  numberOfFrames: number;
}

/** A LUT as written in a Modality or VOI LUT Sequence item (C.11.1.1.1). */
export interface LutTable {
  /** (0028,3002)[0]: first stored value mapped; signed when the pixels are */
  firstValueMapped: number;
  /** (0028,3002)[2] */
  bitsPerEntry: number;
  /** (0028,3006) */
  data: number[];
  /** (0028,3003) */
  explanation: string | undefined;
}

/** C.11.1 Modality LUT. */
export interface ModalityLutModule {
  /** (0028,1052) */
  rescaleIntercept: number | undefined;
  /** (0028,1053) */
  rescaleSlope: number | undefined;
  /** (0028,1054) */
  rescaleType: string | undefined;
  /** (0028,3000) first item */
  modalityLutSequence: LutTable | undefined;
}

/** C.11.2 VOI LUT. */
export interface VoiLutModule {
  /** (0028,1050), VM 1-n */
  windowCenter: number[];
  /** (0028,1051), VM 1-n */
  windowWidth: number[];
  /** (0028,1055), VM 1-n */
  windowExplanation: string[];
  /** (0028,1056) */
  voiLutFunction: string | undefined;
  /** (0028,3010), every item */
  voiLutSequence: LutTable[];
}

export interface DicomModules {
  fileMeta: FileMetaModule;
  patient: PatientModule;
  generalStudy: GeneralStudyModule;
  generalSeries: GeneralSeriesModule;
  generalEquipment: GeneralEquipmentModule;
  sopCommon: SopCommonModule;
  generalImage: GeneralImageModule;
  imagePixel: ImagePixelModule;
  multiFrame: MultiFrameModule;
  modalityLut: ModalityLutModule;
  voiLut: VoiLutModule;
}

function str(ds: DataSet, tag: string): string | undefined {
  const value = ds.string(tag);
  return value === undefined || value === '' ? undefined : value;
}

function strings(ds: DataSet, tag: string): string[] {
  const n = ds.numStringValues(tag) ?? 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(ds.string(tag, i) ?? '');
  return out;
}

function floats(ds: DataSet, tag: string): number[] {
  const n = ds.numStringValues(tag) ?? 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = ds.floatString(tag, i);
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function pair(ds: DataSet, tag: string): [number, number] | undefined {
  const v = floats(ds, tag);
  return v.length >= 2 && v[0]! > 0 && v[1]! > 0 ? [v[0]!, v[1]!] : undefined;
}

function finiteFloat(ds: DataSet, tag: string): number | undefined {
  const v = ds.floatString(tag);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/**
 * Reads one LUT item. The descriptor is US or SS (implicit VR cannot tell), so its first value is
 * reinterpreted as signed when the pixel data is signed (C.11.1.1.1); 0 entries means 65536.
 * LUT Data is normally one entry per 16-bit word; some writers pack 8-bit entries two per word,
 * detected by the element being exactly one byte per entry.
 */
function readLut(item: DataSet, signedPixels: boolean): LutTable | undefined {
  const descriptor = item.elements.x00283002;
  const dataElement: Element | undefined = item.elements.x00283006;
  if (!descriptor || !dataElement || descriptor.length < 6) return undefined;
  const rawCount = item.uint16('x00283002', 0) ?? 0;
  const entries = rawCount === 0 ? 65536 : rawCount;
  let first = item.uint16('x00283002', 1) ?? 0;
  if (signedPixels && first > 32767) first -= 65536;
  const bitsPerEntry = item.uint16('x00283002', 2) ?? 16;
  const data: number[] = [];
  if (dataElement.length === entries && bitsPerEntry <= 8) {
    for (let i = 0; i < entries; i++) data.push(item.byteArray[dataElement.dataOffset + i]!);
  } else {
    const words = Math.min(entries, Math.floor(dataElement.length / 2));
    for (let i = 0; i < words; i++) data.push(item.uint16('x00283006', i) ?? 0);
  }
  if (data.length === 0) return undefined;
  return { firstValueMapped: first, bitsPerEntry, data, explanation: str(item, 'x00283003') };
}

function sequenceItems(ds: DataSet, tag: string): DataSet[] {
  const items = ds.elements[tag]?.items ?? [];
  return items.flatMap((i) => (i.dataSet ? [i.dataSet] : []));
}

/** Number of Frames (IS): absent, zero, negative or not a number (a damaged header) reads as 1. */
function frameCount(value: number | undefined): number {
  return value !== undefined && Number.isInteger(value) && value >= 1 ? value : 1;
}

/** Maps the data set into the typed modules; the only function that reads tags. */
export function readModules(ds: DataSet): DicomModules {
  const pixelRepresentation = ds.uint16('x00280103') ?? 0;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const signed = pixelRepresentation === 1;
  return {
    fileMeta: {
      transferSyntaxUid: str(ds, 'x00020010'),
      mediaStorageSopClassUid: str(ds, 'x00020002'),
    },
    patient: { patientName: str(ds, 'x00100010'), patientId: str(ds, 'x00100020') },
    generalStudy: { studyInstanceUid: str(ds, 'x0020000d'), studyDate: str(ds, 'x00080020') },
    generalSeries: {
      seriesInstanceUid: str(ds, 'x0020000e'),
      modality: str(ds, 'x00080060'),
      bodyPartExamined: str(ds, 'x00180015'),
      laterality: str(ds, 'x00200060'),
    },
    generalEquipment: { manufacturer: str(ds, 'x00080070') },
    sopCommon: { sopClassUid: str(ds, 'x00080016'), sopInstanceUid: str(ds, 'x00080018') },
    generalImage: {
      imageLaterality: str(ds, 'x00200062'),
      viewPosition: str(ds, 'x00185101'),
      presentationIntentType: str(ds, 'x00080068'),
      lossyImageCompression: str(ds, 'x00282110'),
      imagerPixelSpacing: pair(ds, 'x00181164'),
    },
    imagePixel: {
      samplesPerPixel: ds.uint16('x00280002') ?? 1,
      photometricInterpretation: (str(ds, 'x00280004') ?? '').toUpperCase(),
      rows: ds.uint16('x00280010') ?? 0,
      columns: ds.uint16('x00280011') ?? 0,
      bitsAllocated,
      bitsStored,
      highBit: ds.uint16('x00280102') ?? bitsStored - 1,
      pixelRepresentation,
      planarConfiguration: ds.uint16('x00280006') ?? 0,
      pixelSpacing: pair(ds, 'x00280030'),
    },
    multiFrame: { numberOfFrames: frameCount(ds.intString('x00280008')) },
    modalityLut: {
      rescaleIntercept: finiteFloat(ds, 'x00281052'),
      rescaleSlope: finiteFloat(ds, 'x00281053'),
      rescaleType: str(ds, 'x00281054'),
      modalityLutSequence: sequenceItems(ds, 'x00283000')
        .map((item) => readLut(item, signed))
        .find((lut) => lut !== undefined),
    },
    voiLut: {
      windowCenter: floats(ds, 'x00281050'),
      windowWidth: floats(ds, 'x00281051'),
      windowExplanation: strings(ds, 'x00281055'),
      voiLutFunction: str(ds, 'x00281056')?.toUpperCase(),
      // VOI LUT entries are indexed by modality-LUT output; its first value is signed only when
      // that output can be negative, which we approximate by the pixel representation.
      voiLutSequence: sequenceItems(ds, 'x00283010').flatMap((item) => readLut(item, signed) ?? []),
    },
  };
}
