/**
 * Greyscale PNG through sharp (libvips + libpng, native): the common mammography export, 8 or
 * 16 bits, one channel. Anything else (colour, alpha, palette, tRNS, an ICC profile, depth below
 * 8), and any file libpng refuses, answers `undefined`, and png.ts (fast-png) decodes it as
 * before, so colour -> luminance and the error wording stay in one place.
 *
 * Why sharp: decoding one generated 2000x3000 16-bit greyscale PNG (8.6 MB, fast-png's encoder)
 * on the 2-core dev machine, median of 5 warm runs:
 *   fast-png (pure JS inflate + unfilter)          131 ms
 *   node zlib inflateSync + our own JS unfilter     93 ms
 *   sharp, grey16, sequentialRead                   52 ms  <- chosen
 * (sharp without toColourspace('grey16') converts to 3-channel sRGB: 123 ms and wrong.)
 * Samples are exact: test/unit/workers/pngNative.test.ts compares every pixel with fast-png.
 * libvips hands back host-order 16-bit samples, i.e. little endian here; pixelBytes.ts already
 * refuses big-endian CPUs.
 */
import sharp from 'sharp';
import { checkImageSize, IMAGE_LIMITS } from './limits.js';
import type { DecodedImage } from './types.js';

/** libvips gives up on its own well before the worker pool's per-job limit. */
const SHARP_TIMEOUT_S = 20;

const GREY = 0;

interface PngHeader {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  /** Chunks before the first IDAT that change what the samples mean (tRNS, iCCP). */
  hasTransparencyOrProfile: boolean;
}

/** Reads IHDR and the chunk names up to the first IDAT (a few bytes; the data is not touched). */
function readHeader(bytes: Uint8Array): PngHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || chunkType(bytes, 12) !== 'IHDR') return undefined;
  const header = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    depth: bytes[24]!,
    colourType: bytes[25]!,
    hasTransparencyOrProfile: false,
  };
  for (let at = 33; at + 8 <= bytes.length;) {
    const type = chunkType(bytes, at + 4);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'tRNS' || type === 'iCCP') header.hasTransparencyOrProfile = true;
    at += 12 + view.getUint32(at);
  }
  return header;
}

const chunkType = (bytes: Uint8Array, at: number): string =>
  String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);

/** The decoded image, or undefined when this PNG is not one the native path handles. */
export async function decodePngNative(bytes: Uint8Array, fileName: string): Promise<DecodedImage | undefined> {
  const header = readHeader(bytes);
  if (!header || header.colourType !== GREY || (header.depth !== 8 && header.depth !== 16) || header.hasTransparencyOrProfile)
    return undefined;
  const { width, height, depth } = header;
  // Checked before libvips sees the file, so a forged IHDR cannot make it allocate gigabytes.
  // No inflate pre-pass is needed here (png.ts has one for fast-png): libpng reads exactly the
  // rows IHDR declares into the buffer libvips sized from it, so a zlib bomb cannot grow it.
  checkImageSize(fileName, width, height);
  // libpng is strict (any warning fails, so a truncated file never comes back with blank rows).
  // Whatever it refuses goes to png.ts, whose checks say in words what is wrong with the file.
  const image = sharp(bytes, { limitInputPixels: IMAGE_LIMITS.maxPixels, sequentialRead: true, failOn: 'warning' }).timeout({
    seconds: SHARP_TIMEOUT_S,
  });
  const data = await (
    depth === 16 ? image.toColourspace('grey16').raw({ depth: 'ushort' }) : image.toColourspace('b-w').raw({ depth: 'uchar' })
  )
    .toBuffer()
    .catch(() => undefined);
  const count = width * height;
  if (data?.byteLength !== count * (depth / 8)) return undefined;
  return {
    format: 'png',
    width,
    height,
    pixelType: depth === 16 ? 'uint16' : 'uint8',
    bitsStored: depth,
    photometric: 'MONOCHROME2',
    pixels: depth === 16 ? uint16View(data, count) : new Uint8Array(data.buffer, data.byteOffset, count),
    modalityLut: { kind: 'linear', slope: 1, intercept: 0 },
    vois: [],
    frameCount: 1,
    metadata: {},
  };
}

/** A Uint16Array over sharp's buffer (no copy) when it is 2-byte aligned, else a copy. */
function uint16View(data: Buffer, count: number): Uint16Array {
  if (data.byteOffset % 2 === 0) return new Uint16Array(data.buffer, data.byteOffset, count);
  const copy = new Uint8Array(count * 2);
  copy.set(data);
  return new Uint16Array(copy.buffer);
}
