/**
 * What the imaging module hands the rest of the core. The parser's data set never leaves
 * imaging/: everything needed later is mapped into these typed fields once, at the edge.
 */
import type { Laterality, ModalityLut, Photometric, PixelType, Voi } from '../../../shared/domain/imaging.js';

export type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array;

/** Mammography-relevant header facts; every field optional because PNG/PGM carry none. */
export interface ImageMetadata {
  patientId?: string;
  patientName?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
  modality?: string;
  /** Body Part Examined (0018,0015): BREAST for a mammogram. */
  bodyPartExamined?: string;
  /** Image Laterality (0020,0062), else Laterality (0020,0060). */
  laterality?: Laterality;
  /** View Position (0018,5101): CC, MLO, ... */
  viewPosition?: string;
  manufacturer?: string;
  /** Pixel Spacing (0028,0030) or Imager Pixel Spacing (0018,1164), [row, column] mm. */
  pixelSpacingMm?: [number, number];
  /** Presentation Intent Type (0008,0068): FOR PRESENTATION / FOR PROCESSING. */
  presentationIntent?: string;
  transferSyntaxUid?: string;
  studyDate?: string;
  /** Name of the transfer syntax, e.g. "JPEG 2000 Image Compression". */
  transferSyntaxName?: string;
  /** Bits Allocated (0028,0100) of the file; the pixel array uses the same width. */
  bitsAllocated?: number;
  /** High Bit (0028,0102). */
  highBit?: number;
  /** Pixel Representation (0028,0103): 0 unsigned, 1 two's complement. */
  pixelRepresentation?: number;
  /** Samples per Pixel (0028,0002) in the file (3 for colour, converted to one channel). */
  samplesPerPixel?: number;
  /** Photometric Interpretation as written in the file (before any colour conversion). */
  sourcePhotometric?: string;
  /** Lossy Image Compression (0028,2110) is "01", or the transfer syntax is lossy. */
  lossyCompressed?: boolean;
  /** What the decoder changed, in words (e.g. colour converted to luminance). */
  notes?: string[];
}

/** One decoded greyscale frame at full depth. */
export interface DecodedImage {
  /** 'dicom' | 'png' | 'pgm' | 'jpeg' */
  format: 'dicom' | 'png' | 'pgm' | 'jpeg';
  width: number;
  height: number;
  pixelType: PixelType;
  bitsStored: number;
  photometric: Photometric;
  /** Stored values (before the modality LUT), row-major. */
  pixels: PixelArray;
  modalityLut: ModalityLut;
  vois: Voi[];
  /** Number of frames in the file; only the first is decoded into `pixels` (see README). */
  frameCount: number;
  metadata: ImageMetadata;
}
