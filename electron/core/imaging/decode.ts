/** One entry point: sniff the bytes (never trust the extension) and hand off to a decoder. */
import { ImageDecodeError } from './errors.js';
import { decodePgm, isPgm } from './pgm.js';
import { decodePng, isPng } from './png.js';
import type { DecodedImage } from './types.js';

export async function decodeImage(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageDecodeError(fileName, 'the file is empty');
  if (isPng(bytes)) return decodePng(bytes, fileName);
  if (isPgm(bytes)) return decodePgm(bytes, fileName);
  throw new ImageDecodeError(fileName, 'not a supported image (expected PNG or PGM)');
}
