/**
 * DICOM Segmentation (PS3.3 A.51, SOP class 1.2.840.10008.5.1.4.1.1.66.4) of one label map:
 * BINARY, one segment and one frame per non-background class, bits packed LSB first across
 * frames (PS3.5 8.1.1). Built as a dcmjs "naturalized" data set and written with its DicomDict
 * writer in Explicit VR Little Endian. The source image is referenced from
 * ReferencedSeriesSequence and from each frame's DerivationImageSequence, and the Study
 * Instance UID is the source's, so a PACS files the SEG with the study.
 *
 * Deterministic: the SEG's own UIDs are hashes of the source SOP Instance UID and the mask
 * revision id, the dates come from the revision, never from "now".
 *
 * De-identified (export/deidentify.ts, PS3.15 Annex E Basic Profile + Modified Dates Option): the
 * attributes copied from the source are emptied (Z) or remapped (UIDs, dates and times moved by
 * the secret offset), ContentCreatorName is empty, and the SEG says what was done
 * (PatientIdentityRemoved, DeidentificationMethod and its CID 7050 codes,
 * LongitudinalTemporalInformationModified).
 */
import dicomParser from 'dicom-parser';
import dcmjs from 'dcmjs';
import type { LabelClass } from '../../../../shared/domain/project.js';
import type { RevisionSource } from '../../../../shared/domain/mask.js';
import { safePersonName } from '../../../../shared/domain/personName.js';
import { DEID_METHOD_CODES, DEID_METHOD_TEXT, type Deidentifier } from '../../export/deidentify.js';
import { uidFromText } from '../../export/uids.js';
import type { LabelFormat } from './types.js';

export const SEG_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.66.4';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = uidFromText('MammoSeg implementation');
/** DICOM tags as AT values (group << 16 | element). */
const TAG_SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000a;
const TAG_REFERENCED_SEGMENT_NUMBER = 0x0062000b;

export interface SegSource {
  /** The original DICOM file. */
  bytes: Uint8Array;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
}

export interface SegInput {
  labels: Uint8Array;
  width: number;
  height: number;
  classes: readonly LabelClass[];
  source: SegSource;
  revisionId: number;
  /** ISO time of the mask revision: the SEG's content and series date/time. */
  revisionTime: string;
  /** How the latest revision was made, for SegmentAlgorithmType. */
  revisionSource: RevisionSource;
  modelVersion: string | null;
  /** ContentCreatorName of a normal export (the reader, or the adjudicator); never written when de-identifying. */
  reviewer: string | null;
  /** One reader's mask or an adjudicated consensus: said in SeriesDescription (default reader). */
  role?: 'reader' | 'consensus';
  softwareVersion: string;
  deidentifier: Deidentifier | null;
}

export interface SegResult {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  referencedSopInstanceUid: string;
}

/** Attributes of the source data set the SEG copies (PS3.3 C.7.1.1 Patient, C.7.2.1 Study). */
interface SourceAttributes {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | undefined;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  referringPhysicianName: string;
  rows: number | undefined;
  columns: number | undefined;
  pixelSpacing: number[] | undefined;
  laterality: string;
  /** e.g. "A\\R": how a projection image lies; the SEG's pixels lie the same way. */
  patientOrientation: string;
  /** Image Plane module (C.7.6.2), present on cross-sectional sources (CT, MR), absent on projections. */
  imagePositionPatient: number[] | undefined;
  imageOrientationPatient: number[] | undefined;
}

export function readSourceAttributes(source: SegSource): SourceAttributes {
  const ds = dicomParser.parseDicom(source.bytes, { untilTag: 'x7fe00010' });
  const s = (tag: string): string => (ds.string(tag) ?? '').trim();
  const spacing = s('x00280030') || s('x00181164');
  const sopInstanceUid = source.sopInstanceUid ?? s('x00080018');
  const studyInstanceUid = source.studyInstanceUid ?? s('x0020000d');
  if (!sopInstanceUid) throw new Error('the source DICOM has no SOP Instance UID');
  if (!studyInstanceUid) throw new Error('the source DICOM has no Study Instance UID');
  return {
    sopClassUid: s('x00080016') || s('x00020002'),
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid: source.seriesInstanceUid ?? s('x0020000e'),
    frameOfReferenceUid: s('x00200052') || undefined,
    patientName: s('x00100010'),
    patientId: s('x00100020'),
    patientBirthDate: s('x00100030'),
    patientSex: s('x00100040'),
    studyDate: s('x00080020'),
    studyTime: s('x00080030'),
    studyId: s('x00200010'),
    accessionNumber: s('x00080050'),
    referringPhysicianName: s('x00080090'),
    rows: ds.uint16('x00280010'),
    columns: ds.uint16('x00280011'),
    pixelSpacing: spacing ? spacing.split('\\').map(Number).filter(Number.isFinite) : undefined,
    laterality: s('x00200062') || s('x00200060'),
    patientOrientation: s('x00200020'),
    imagePositionPatient: numbers(s('x00200032'), 3),
    imageOrientationPatient: numbers(s('x00200037'), 6),
  };
}

function numbers(text: string, count: number): number[] | undefined {
  const values = text ? text.split('\\').map(Number) : [];
  return values.length === count && values.every(Number.isFinite) ? values : undefined;
}

/** DA and TM of an ISO date-time, in UTC. */
/** ContentDate/Time (Type 1) of a de-identified SEG: the moved study's, else a fixed date that says nothing. */
function deidContentTime(study: { date: string; time: string }): { date: string; time: string } {
  return study.date ? { date: study.date, time: study.time || '000000' } : { date: '19000101', time: '000000' };
}

function dicomDateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { date: '', time: '' };
  const text = d.toISOString(); // 2024-05-01T10:15:30.123Z
  return { date: text.slice(0, 10).replace(/-/g, ''), time: `${text.slice(11, 19).replace(/:/g, '')}.${text.slice(20, 23)}` };
}

interface Code {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}
const code = (value: string, scheme: string, meaning: string): Code => ({
  CodeValue: value,
  CodingSchemeDesignator: scheme,
  CodeMeaning: meaning.slice(0, 64),
});

/**
 * Category and type of a class. SNOMED CT where the meaning is unambiguous ("lesion"); other
 * classes get a local code (a "99"-prefixed private coding scheme, PS3.16 8.2) named after the
 * class, so the meaning travels with the label even without a standard concept.
 */
function classCodes(klass: LabelClass, index: number): { category: Code; type: Code } {
  if (/^lesions?$/i.test(klass.name)) {
    return { category: code('49755003', 'SCT', 'Morphologically Altered Structure'), type: code('52988006', 'SCT', 'Lesion') };
  }
  return { category: code('85756007', 'SCT', 'Tissue'), type: code(`C${index}`, '99MAMMOSEG', klass.name) };
}

/** Packs frames of 0/1 pixels LSB first, padded to an even byte count (OB). */
function packBits(frames: Uint8Array[], pixelsPerFrame: number): Uint8Array {
  const totalBits = frames.length * pixelsPerFrame;
  const bytes = new Uint8Array(Math.ceil(Math.ceil(totalBits / 8) / 2) * 2);
  let bit = 0;
  for (const frame of frames) {
    for (let i = 0; i < pixelsPerFrame; i++, bit++) if (frame[i]) bytes[bit >>> 3]! |= 1 << (bit & 7);
  }
  return bytes;
}

export function buildDicomSeg(input: SegInput): SegResult {
  const src = readSourceAttributes(input.source);
  if (src.rows !== undefined && src.columns !== undefined && (src.rows !== input.height || src.columns !== input.width)) {
    throw new Error(`the source DICOM is ${src.columns}x${src.rows} but the mask is ${input.width}x${input.height}`);
  }
  const deid = input.deidentifier;
  const uid = (value: string): string => (deid ? deid.uid(value) : value);
  const studyInstanceUid = uid(src.studyInstanceUid);
  const referencedSeriesUid = src.seriesInstanceUid ? uid(src.seriesInstanceUid) : '';
  const referencedSopUid = uid(src.sopInstanceUid);
  // Revision ids are per data folder: two readers' folders both have a revision 2 of the same
  // image, and the PACS would file their SEGs as one instance. The reader (not kept when
  // de-identifying) tells them apart.
  const creator = deid ? '' : safePersonName(input.reviewer ?? '');
  const segKey = creator ? `${src.sopInstanceUid}\0${input.revisionId}\0${creator}` : `${src.sopInstanceUid}\0${input.revisionId}`;
  const ownUid = (purpose: string): string => (deid ? deid.newUid(`${purpose}\0${segKey}`) : uidFromText(`${purpose}\0${segKey}`));
  const sopInstanceUid = ownUid('seg-instance');
  const seriesInstanceUid = ownUid('seg-series');
  const dimensionOrganizationUid = ownUid('seg-dimensions');
  const study = deid ? deid.dicomDateTime(src.studyDate, src.studyTime) : { date: src.studyDate, time: src.studyTime };
  // De-identified, the SEG's own dates are the (moved) study's: a moved revision time lies near
  // the wall-clock time of the export, and the two together gave the offset away.
  const content = deid ? deidContentTime(study) : dicomDateTime(input.revisionTime);

  const segments = input.classes.map((klass, index) => ({ klass, index })).filter((c) => c.index > 0);
  const pixels = input.width * input.height;
  const frames = segments.map(({ index }) => {
    const frame = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) if (input.labels[i] === index) frame[i] = 1;
    return frame;
  });
  const algorithm =
    input.revisionSource === 'model'
      ? 'AUTOMATIC'
      : // The model answering the reader's clicks is the very case of "calculated with user assistance".
        input.revisionSource === 'clicks' || (input.modelVersion && input.revisionSource === 'user')
        ? 'SEMIAUTOMATIC'
        : 'MANUAL';
  const algorithmName = input.modelVersion ? `MammoSeg model ${input.modelVersion}` : 'MammoSeg';

  const sourceImageReference = {
    ReferencedSOPClassUID: src.sopClassUid,
    ReferencedSOPInstanceUID: referencedSopUid,
  };
  const shared: Record<string, unknown> = {
    DerivationImageSequence: [
      {
        SourceImageSequence: [
          {
            ...sourceImageReference,
            PurposeOfReferenceCodeSequence: [code('121322', 'DCM', 'Source image for image processing operation')],
          },
        ],
        DerivationCodeSequence: [code('113076', 'DCM', 'Segmentation')],
      },
    ],
  };
  // With a Frame of Reference, the plane functional groups are required (PS3.3 A.51.5.1).
  const planes = src.frameOfReferenceUid && src.imagePositionPatient && src.imageOrientationPatient;
  if (planes) shared.PlaneOrientationSequence = [{ ImageOrientationPatient: src.imageOrientationPatient }];
  if (src.pixelSpacing?.length === 2) {
    shared.PixelMeasuresSequence = [{ PixelSpacing: src.pixelSpacing, SliceThickness: 1 }];
  }

  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SEG_SOP_CLASS_UID,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: study.date,
    SeriesDate: content.date,
    ContentDate: content.date,
    StudyTime: study.time,
    SeriesTime: content.time,
    ContentTime: content.time,
    AccessionNumber: deid ? '' : src.accessionNumber,
    Modality: 'SEG',
    Manufacturer: 'MammoSeg',
    ReferringPhysicianName: deid ? '' : src.referringPhysicianName,
    // Says reader or consensus without the name (ContentCreatorName carries it, and is emptied when de-identifying).
    SeriesDescription: input.role === 'consensus' ? 'MammoSeg consensus segmentation' : 'MammoSeg reader segmentation',
    ManufacturerModelName: 'MammoSeg',
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: referencedSeriesUid,
        ReferencedInstanceSequence: [sourceImageReference],
      },
    ],
    PatientName: deid ? '' : src.patientName,
    PatientID: deid ? '' : src.patientId,
    PatientBirthDate: deid ? '' : src.patientBirthDate,
    PatientSex: deid ? '' : src.patientSex,
    ...(deid
      ? {
          PatientIdentityRemoved: 'YES',
          DeidentificationMethod: DEID_METHOD_TEXT,
          DeidentificationMethodCodeSequence: DEID_METHOD_CODES.map((c) => code(c.value, 'DCM', c.meaning)),
          LongitudinalTemporalInformationModified: 'MODIFIED',
        }
      : {}),
    DeviceSerialNumber: '0',
    SoftwareVersions: input.softwareVersion,
    StudyInstanceUID: studyInstanceUid,
    SeriesInstanceUID: seriesInstanceUid,
    StudyID: deid ? '' : src.studyId,
    SeriesNumber: 900,
    InstanceNumber: 1,
    // PositionReferenceIndicator belongs to the Frame of Reference module: only with it.
    ...(planes ? { FrameOfReferenceUID: uid(src.frameOfReferenceUid!), PositionReferenceIndicator: '' } : {}),
    // General Image module: PatientOrientation is Type 2C, required when there is no plane
    // position/orientation (every mammogram); copied from the source, empty when it has none.
    ...(planes ? {} : { PatientOrientation: src.patientOrientation ? src.patientOrientation.split('\\') : '' }),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: TAG_REFERENCED_SEGMENT_NUMBER,
        FunctionalGroupPointer: TAG_SEGMENT_IDENTIFICATION_SEQUENCE,
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
    ],
    ...(src.laterality ? { ImageLaterality: src.laterality } : {}),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: String(frames.length),
    Rows: input.height,
    Columns: input.width,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    ContentLabel: 'MAMMOSEG',
    ContentDescription: `MammoSeg mask revision ${input.revisionId}`.slice(0, 64),
    ContentCreatorName: creator,
    SegmentationType: 'BINARY',
    // Classes of one label map never overlap.
    SegmentsOverlap: 'NO',
    SegmentSequence: segments.map(({ klass, index }, i) => {
      const codes = classCodes(klass, index);
      return {
        SegmentNumber: i + 1,
        SegmentLabel: klass.name.slice(0, 64),
        SegmentAlgorithmType: algorithm,
        ...(algorithm === 'MANUAL' ? {} : { SegmentAlgorithmName: algorithmName.slice(0, 64) }),
        SegmentedPropertyCategoryCodeSequence: [codes.category],
        SegmentedPropertyTypeCodeSequence: [codes.type],
      };
    }),
    SharedFunctionalGroupsSequence: [shared],
    PerFrameFunctionalGroupsSequence: segments.map((_, i) => ({
      FrameContentSequence: [{ DimensionIndexValues: [i + 1] }],
      ...(planes ? { PlanePositionSequence: [{ ImagePositionPatient: src.imagePositionPatient }] } : {}),
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: i + 1 }],
    })),
    PixelData: [packBits(frames, pixels).buffer],
    _vrMap: { PixelData: 'OB' },
  };

  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_SOP_CLASS_UID,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'MAMMOSEG',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  const bytes = new Uint8Array(dict.write());
  return { bytes, sopInstanceUid, seriesInstanceUid, studyInstanceUid, referencedSopInstanceUid: referencedSopUid };
}

/** Written only: no importer reads a SEG back (a PACS or a viewer does). */
export const dicomSegFormat = { name: 'dicom-seg', write: buildDicomSeg } satisfies LabelFormat<never, typeof buildDicomSeg>;
