/** One entry point: sniff the bytes (never trust the extension) and hand off to a decoder. */
import { decodeDicom, isDicom } from './dicom/decodeDicom.js';
import { ImageDecodeError } from './errors.js';
import { decodeJpegFile, isJpeg } from './jpeg.js';
import { decodePgm, isPgm, isPpm } from './pgm.js';
import { decodePng, isPng } from './png.js';
import type { DecodedImage } from './types.js';

export async function decodeImage(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageDecodeError(fileName, 'the file is empty');
  // DICOM first: its 128-byte preamble may itself look like another format (TIFF/DICOM dual files).
  // A bare data set's first bytes (02 00 / 08 00) cannot be a PNG, JPEG or Netpbm signature.
  if (isDicom(bytes)) return decodeDicom(bytes, fileName);
  if (isPng(bytes)) return decodePng(bytes, fileName);
  if (isJpeg(bytes)) return decodeJpegFile(bytes, fileName);
  if (isPgm(bytes) || isPpm(bytes)) return decodePgm(bytes, fileName);
  throw new ImageDecodeError(fileName, 'not a supported image (expected DICOM, PNG, JPEG, PGM or PPM)');
}
