/**
 * PNG through fast-png (maintained, pure JS, keeps 16-bit samples, which pngjs drops).
 * Greyscale is kept at full depth; colour PNGs are converted to luminance (Rec. 601) because
 * the model and the editor work on one channel; alpha is ignored.
 */
import { decode } from 'fast-png';
import { ImageDecodeError } from './errors.js';
import { measureInflate } from './inflateGuard.js';
import { checkDecodedBytes, checkImageSize, MAX_DEFLATE_RATIO } from './limits.js';
import { plainReason } from './plainReason.js';
import { inflatedPngSize, readPngLayout } from './pngHeader.js';
import type { DecodedImage, PixelArray } from './types.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Everything fast-png would allocate for is checked first: IHDR's size against the limits, and
 * the IDAT stream against the exact size that IHDR implies (measured while streaming, never
 * held), so neither a lying header nor a decompression bomb reaches it.
 */
async function checkBeforeDecoding(bytes: Uint8Array, fileName: string): Promise<void> {
  const fail = (reason: string): never => {
    throw new ImageDecodeError(fileName, reason);
  };
  const layout = readPngLayout(bytes, fileName);
  const { width, height, depth, colorType } = layout;
  checkImageSize(fileName, width, height);
  if (colorType === 3) fail('palette PNGs are not supported; save it as greyscale');
  if (depth !== 8 && depth !== 16) fail(`PNG bit depth ${depth} is not supported (8 or 16)`);
  checkDecodedBytes(fileName, width * height * layout.channels * (depth / 8));
  if (layout.idatBytes === 0) fail('the file has no pixel data (no IDAT chunk; truncated?)');
  const expected = inflatedPngSize(layout);
  if (expected > layout.idatBytes * MAX_DEFLATE_RATIO + 1024) {
    fail(`the compressed pixel data is too short for ${width} x ${height} pixels (truncated?)`);
  }
  const inflated = await measureInflate(layout.idat, expected);
  if (inflated.size > expected)
    fail(`the compressed pixel data inflates to more than ${width} x ${height} pixels need (a decompression bomb?)`);
  if (inflated.size < expected) {
    // a stream cut short ends without an error; a damaged one ends with one
    fail(inflated.error ? 'the compressed pixel data is corrupt' : 'the compressed pixel data ends early (truncated?)');
  }
}

export async function decodePng(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
  await checkBeforeDecoding(bytes, fileName);
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new ImageDecodeError(fileName, `the PNG cannot be decoded: ${plainReason(error)}`);
  }
  const { width, height, channels, depth } = png;
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
  return pngImage(width, height, depth === 16 ? 16 : 8, pixels);
}

/** A decoded PNG, one channel at the file's depth: the shape both decoders (this one, pngNative.ts) hand back. */
export function pngImage(width: number, height: number, depth: 8 | 16, pixels: PixelArray): DecodedImage {
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

/**
 * Whether the decoded pixels of this PNG are exactly its samples: greyscale without alpha, 8 or
 * 16 bits (colour is converted to luminance, alpha dropped). Then those pixels and the file
 * without its IDAT chunks (pngHeader.ts withoutIdat) hold all the file says, and the importer
 * stores it so, the pixels once. False for anything unreadable.
 */
export function pngSamplesArePixels(bytes: Uint8Array): boolean {
  try {
    const { colorType, depth } = readPngLayout(bytes, '');
    return colorType === 0 && (depth === 8 || depth === 16);
  } catch {
    return false;
  }
}
