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
 * The header is read by pngHeader.ts and the image built by png.ts's pngImage, as png.ts does.
 * libvips hands back host-order 16-bit samples, i.e. little endian here; pixelBytes.ts already
 * refuses big-endian CPUs.
 */
import sharp from 'sharp';
import { checkImageSize, IMAGE_LIMITS } from './limits.js';
import { pngImage } from './png.js';
import { readPngLayout, type PngLayout } from './pngHeader.js';
import type { DecodedImage } from './types.js';

/** libvips gives up on its own well before the worker pool's per-job limit. */
const SHARP_TIMEOUT_S = 20;

const GREY = 0;

/** IHDR and the chunk names (pngHeader.ts: nothing inflated); undefined for a file it refuses (png.ts says why). */
function readHeader(bytes: Uint8Array): PngLayout | undefined {
  try {
    return readPngLayout(bytes, '');
  } catch {
    return undefined;
  }
}

/** The decoded image, or undefined when this PNG is not one the native path handles. */
export async function decodePngNative(bytes: Uint8Array, fileName: string): Promise<DecodedImage | undefined> {
  const header = readHeader(bytes);
  // tRNS and iCCP change what the samples mean: png.ts decides about those.
  const transparencyOrProfile = header?.otherChunks.some((type) => type === 'tRNS' || type === 'iCCP');
  if (!header || header.colorType !== GREY || (header.depth !== 8 && header.depth !== 16) || transparencyOrProfile) return undefined;
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
  const pixels = depth === 16 ? uint16View(data, count) : new Uint8Array(data.buffer, data.byteOffset, count);
  return pngImage(width, height, depth === 16 ? 16 : 8, pixels);
}

/** A Uint16Array over sharp's buffer (no copy) when it is 2-byte aligned, else a copy. */
function uint16View(data: Buffer, count: number): Uint16Array {
  if (data.byteOffset % 2 === 0) return new Uint16Array(data.buffer, data.byteOffset, count);
  const copy = new Uint8Array(count * 2);
  copy.set(data);
  return new Uint16Array(copy.buffer);
}
