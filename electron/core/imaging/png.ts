/**
 * PNG through fast-png (maintained, pure JS, keeps 16-bit samples, which pngjs drops).
 * Greyscale is kept at full depth; colour PNGs are converted to luminance (Rec. 601) because
 * the model and the editor work on one channel; alpha is ignored.
 */
import { decode } from 'fast-png';
import { ImageDecodeError } from './errors.js';
import type { DecodedImage } from './types.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

export function decodePng(bytes: Uint8Array, fileName: string): DecodedImage {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new ImageDecodeError(fileName, `PNG could not be decoded (${(error as Error).message})`);
  }
  const { width, height, channels, depth } = png;
  if (png.palette) {
    throw new ImageDecodeError(fileName, 'palette PNGs are not supported; save it as greyscale');
  }
  if (depth !== 8 && depth !== 16) {
    throw new ImageDecodeError(fileName, `PNG bit depth ${depth} is not supported (8 or 16)`);
  }
  const count = width * height;
  const source = png.data as Uint8Array | Uint16Array;
  // Greyscale without alpha is already the stored array: keep it instead of copying 12 MB.
  const direct = channels === 1 && source.length === count && (depth === 16 ? source instanceof Uint16Array : source instanceof Uint8Array);
  const pixels = direct ? source : depth === 16 ? new Uint16Array(count) : new Uint8Array(count);
  if (direct) {
    // nothing to convert
  } else if (channels === 1 || channels === 2) {
    for (let i = 0; i < count; i++) pixels[i] = source[i * channels]!;
  } else {
    for (let i = 0; i < count; i++) {
      const o = i * channels;
      pixels[i] = Math.round(0.299 * source[o]! + 0.587 * source[o + 1]! + 0.114 * source[o + 2]!);
    }
  }
  return {
    format: 'png',
    width,
    height,
    pixelType: depth === 16 ? 'uint16' : 'uint8',
    bitsStored: depth,
    photometric: 'MONOCHROME2',
    pixels,
    modalityLut: { kind: 'linear', slope: 1, intercept: 0 },
    vois: [],
    frameCount: 1,
    metadata: {},
  };
}
