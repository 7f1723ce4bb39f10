/**
 * Plain JPEG files (.jpg exports of screen-film scans) through jpeg-js (maintained, pure JS).
 * jpeg-js decodes 8-bit baseline and progressive JPEG; colour is reduced to Rec. 601 luminance
 * like colour PNGs. 12-bit JPEG only occurs inside DICOM and is handled there.
 */
import jpeg from 'jpeg-js';
import { ImageDecodeError } from './errors.js';
import { jpegFrameHeader } from './jpegHeader.js';
import { checkDecodedBytes, checkImageSize, IMAGE_LIMITS } from './limits.js';
import { plainReason } from './plainReason.js';
import type { DecodedImage } from './types.js';

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function decodeJpegFile(bytes: Uint8Array, fileName: string): DecodedImage {
  // jpeg-js allocates its component buffers from the frame header: check that first.
  const sof = jpegFrameHeader(bytes);
  if (!sof) throw new ImageDecodeError(fileName, 'the JPEG has no frame header (truncated or damaged?)');
  checkImageSize(fileName, sof.width, sof.height);
  checkDecodedBytes(fileName, sof.width * sof.height * Math.max(1, sof.components));
  let image: { width: number; height: number; data: Uint8Array };
  try {
    // jpeg-js's own caps too, for what the header check cannot see (progressive scans' buffers)
    image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: IMAGE_LIMITS.maxPixels / 1e6,
      maxMemoryUsageInMB: IMAGE_LIMITS.maxDecodedBytes / (1024 * 1024),
    });
  } catch (error) {
    throw new ImageDecodeError(fileName, `the JPEG cannot be decoded: ${plainReason(error)}`);
  }
  const { width, height, data } = image;
  const count = width * height;
  const channels = count > 0 ? Math.round(data.length / count) : 0;
  if (channels !== 1 && channels !== 3) {
    throw new ImageDecodeError(fileName, `JPEG with ${channels} channels is not supported`);
  }
  let pixels: Uint8Array = data;
  if (channels === 3) {
    pixels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      pixels[i] = Math.round(0.299 * data[3 * i]! + 0.587 * data[3 * i + 1]! + 0.114 * data[3 * i + 2]!);
    }
  }
  return {
    format: 'jpeg',
    width,
    height,
    pixelType: 'uint8',
    bitsStored: 8,
    photometric: 'MONOCHROME2',
    pixels,
    modalityLut: { kind: 'linear', slope: 1, intercept: 0 },
    vois: [],
    frameCount: 1,
    metadata: channels === 3 ? { notes: ['JPEG colour converted to luminance (Rec. 601 luma)'] } : {},
  };
}
