/** One entry point: sniff the bytes (never trust the extension) and hand off to a decoder. */
import { decodeDicom, isDicom } from './dicom/decodeDicom.js';
import { ImageDecodeError } from './errors.js';
import { decodeJpegFile, isJpeg } from './jpeg.js';
import { checkImageSize } from './limits.js';
import { decodePgm, isPgm, isPpm } from './pgm.js';
import { plainReason } from './plainReason.js';
import { decodePng, isPng } from './png.js';
import { decodePngNative } from './pngNative.js';
import type { DecodedImage } from './types.js';

/**
 * Every failure leaves here as an ImageDecodeError whose reason speaks about the file: whatever a
 * parser or codec throws below (RangeError, DataView bounds, zlib codes) is put into words.
 */
export async function decodeImage(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
  let image: DecodedImage;
  try {
    image = await decodeBySignature(bytes, fileName);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(fileName, plainReason(error));
  }
  checkDecoded(image, fileName);
  return image;
}

function decodeBySignature(bytes: Uint8Array, fileName: string): DecodedImage | Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageDecodeError(fileName, 'the file is empty');
  // DICOM first: its 128-byte preamble may itself look like another format (TIFF/DICOM dual files).
  // A bare data set's first bytes (02 00 / 08 00) cannot be a PNG, JPEG or Netpbm signature.
  if (isDicom(bytes)) return decodeDicom(bytes, fileName);
  // Greyscale 8/16-bit through sharp (2.5x faster); the rest, and whatever libpng refuses, through fast-png.
  if (isPng(bytes)) return decodePngNative(bytes, fileName).then((image) => image ?? decodePng(bytes, fileName));
  if (isJpeg(bytes)) return decodeJpegFile(bytes, fileName);
  if (isPgm(bytes) || isPpm(bytes)) return decodePgm(bytes, fileName);
  throw new ImageDecodeError(fileName, 'not a supported image (expected DICOM, PNG, JPEG, PGM or PPM)');
}

/**
 * The promise every decoder makes, checked once more at the door: a size within the limits, one
 * stored value per pixel, a whole frame count and bit depth. A decoder bug then fails the file here, in words, instead of at the
 * database ("CHECK constraint failed: width > 0") or in the viewer.
 */
function checkDecoded(image: DecodedImage, fileName: string): void {
  checkImageSize(fileName, image.width, image.height, 'the decoded image');
  if (image.pixels.length !== image.width * image.height) {
    throw new ImageDecodeError(fileName, 'the decoded image has the wrong number of pixels (corrupt data?)');
  }
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!whole(image.frameCount, Number.MAX_SAFE_INTEGER) || !whole(image.bitsStored, 16)) {
    throw new ImageDecodeError(fileName, 'the header holds an impossible frame count or bit depth (corrupt?)');
  }
}
