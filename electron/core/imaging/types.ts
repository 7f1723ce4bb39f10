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
