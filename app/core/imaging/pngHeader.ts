/**
 * A PNG's IHDR and IDAT chunks, read without inflating anything (PNG spec, ISO 15948 sections 5
 * and 11.2.2), and the exact number of bytes its pixel data must inflate to. png.ts checks these
 * before fast-png, which allocates for whatever the header and the zlib stream say.
 */
import { ImageDecodeError } from './errors.js';

export interface PngLayout {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  channels: number;
  interlaced: boolean;
  /** The IDAT chunks' data, in file order (views into the file). */
  idat: Uint8Array[];
  idatBytes: number;
  /** Types of the chunks other than IHDR, IDAT and IEND, in file order (tRNS, iCCP, pHYs, tEXt, ...). */
  otherChunks: string[];
}

/** Samples per pixel by colour type: grey, -, RGB, palette, grey+alpha, -, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function readPngLayout(bytes: Uint8Array, fileName: string): PngLayout {
  const fail = (reason: string): never => {
    throw new ImageDecodeError(fileName, reason);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let ihdr: Omit<PngLayout, 'idat' | 'idatBytes' | 'otherChunks'> | undefined;
  const idat: Uint8Array[] = [];
  const otherChunks: string[] = [];
  let idatBytes = 0;
  for (let at = 8; at < bytes.length;) {
    if (at + 8 > bytes.length) fail('the file ends inside a chunk header (truncated?)');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (length > 0x7fffffff) fail(`${chunk(type)} declares an impossible length`);
    const data = at + 8;
    if (data + length > bytes.length) fail(`the file ends inside ${chunk(type)} (truncated?)`);
    if (!ihdr) {
      if (type !== 'IHDR' || length < 13) fail('the PNG header (IHDR) is missing or damaged');
      const colorType = bytes[data + 9]!;
      ihdr = {
        width: view.getUint32(data),
        height: view.getUint32(data + 4),
        depth: bytes[data + 8]!,
        colorType,
        channels: CHANNELS[colorType] ?? fail(`PNG colour type ${colorType} does not exist`),
        interlaced: bytes[data + 12] === 1,
      };
    } else if (type === 'IDAT') {
      idat.push(bytes.subarray(data, data + length));
      idatBytes += length;
    } else if (type === 'IEND') {
      break;
    } else {
      otherChunks.push(type);
    }
    at = data + length + 4; // + CRC
  }
  if (!ihdr) return fail('the PNG header (IHDR) is missing (truncated?)');
  return { ...ihdr, idat, idatBytes, otherChunks };
}

/** Adam7 passes: x start, y start, x step, y step (PNG spec 8.2). */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Bytes the pixel data inflates to: each row is a filter byte plus its packed samples. */
export function inflatedPngSize(png: PngLayout): number {
  const bitsPerPixel = png.channels * png.depth;
  const rows = (width: number, height: number) => (width && height ? height * (1 + Math.ceil((width * bitsPerPixel) / 8)) : 0);
  if (!png.interlaced) return rows(png.width, png.height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    total += rows(Math.max(0, Math.ceil((png.width - x0) / dx)), Math.max(0, Math.ceil((png.height - y0) / dy)));
  }
  return total;
}

/** A chunk named by its type only when that is text (a damaged file can have any four bytes there). */
const chunk = (type: string) => (/^[A-Za-z]{4}$/.test(type) ? `the ${type} chunk` : 'a damaged chunk');

/**
 * The file without its IDAT chunks: signature, IHDR, every other chunk and IEND, as they are
 * (CRCs included). What is kept of a greyscale PNG whose pixels are stored decoded: with them it
 * holds everything the file says. Assumes a file readPngLayout has read.
 */
export function withoutIdat(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  for (let at = 8; at + 8 <= bytes.length;) {
    const end = Math.min(bytes.length, at + 12 + view.getUint32(at));
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type !== 'IDAT') kept.push(bytes.subarray(at, end));
    if (type === 'IEND') break;
    at = end;
  }
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
