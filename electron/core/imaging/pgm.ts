/**
 * Netpbm greyscale (P2 plain / P5 raw), 8 or 16 bit; also colour PPM (P3 / P6), reduced to
 * Rec. 601 luminance like colour PNGs. Netpbm stores 16-bit samples big endian;
 * we return native little-endian Uint16Array. No library on npm covers 16-bit P5 and P2 both
 * and is maintained, and the format is a one-page spec (netpbm.sourceforge.net/doc/pgm.html).
 */
import { ImageDecodeError } from './errors.js';
import type { DecodedImage } from './types.js';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

export function isPgm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32);
}

/** PPM: P3 (plain) or P6 (raw) colour. */
export function isPpm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x36 || bytes[1] === 0x33);
}

export function decodePgm(bytes: Uint8Array, fileName: string): DecodedImage {
  let pos = 2;
  const nextToken = (): string => {
    for (;;) {
      while (pos < bytes.length && WHITESPACE.has(bytes[pos]!)) pos++;
      if (bytes[pos] === 0x23 /* # comment to end of line */) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && !WHITESPACE.has(bytes[pos]!)) pos++;
    if (start === pos) throw new ImageDecodeError(fileName, 'Netpbm header is truncated');
    return String.fromCharCode(...bytes.subarray(start, pos));
  };
  const raw = bytes[1] === 0x35 || bytes[1] === 0x36;
  const channels = bytes[1] === 0x36 || bytes[1] === 0x33 ? 3 : 1;
  const kind = channels === 3 ? 'PPM' : 'PGM';
  const width = Number(nextToken());
  const height = Number(nextToken());
  const maxval = Number(nextToken());
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ImageDecodeError(fileName, `${kind} has an invalid size ${width}x${height}`);
  }
  if (!Number.isInteger(maxval) || maxval <= 0 || maxval > 65535) {
    throw new ImageDecodeError(fileName, `${kind} has an invalid maximum value ${maxval}`);
  }
  const wide = maxval > 255;
  const count = width * height;
  const samples = count * channels;
  const raster = wide ? new Uint16Array(samples) : new Uint8Array(samples);
  if (raw) {
    pos++; // exactly one whitespace byte separates the header from the raster
    const need = samples * (wide ? 2 : 1);
    if (bytes.length - pos < need) {
      throw new ImageDecodeError(fileName, `${kind} raster is truncated: ${bytes.length - pos} of ${need} bytes`);
    }
    if (wide) {
      for (let i = 0; i < samples; i++) raster[i] = (bytes[pos + 2 * i]! << 8) | bytes[pos + 2 * i + 1]!;
    } else {
      raster.set(bytes.subarray(pos, pos + samples));
    }
  } else {
    for (let i = 0; i < samples; i++) {
      const value = Number(nextToken());
      if (!Number.isInteger(value) || value < 0 || value > maxval) {
        throw new ImageDecodeError(fileName, `${kind} sample ${i} is invalid`);
      }
      raster[i] = value;
    }
  }
  let pixels = raster;
  if (channels === 3) {
    pixels = wide ? new Uint16Array(count) : new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      pixels[i] = Math.round(0.299 * raster[3 * i]! + 0.587 * raster[3 * i + 1]! + 0.114 * raster[3 * i + 2]!);
    }
  }
  return {
    format: 'pgm',
    width,
    height,
    pixelType: wide ? 'uint16' : 'uint8',
    bitsStored: Math.max(1, Math.ceil(Math.log2(maxval + 1))),
    photometric: 'MONOCHROME2',
    pixels,
    modalityLut: { kind: 'linear', slope: 1, intercept: 0 },
    vois: [],
    frameCount: 1,
    metadata: channels === 3 ? { notes: ['PPM colour converted to luminance (Rec. 601 luma)'] } : {},
  };
}
