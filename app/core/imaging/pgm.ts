/**
 * Netpbm greyscale (P2 plain / P5 raw), 8 or 16 bit; also colour PPM (P3 / P6), reduced to
 * Rec. 601 luminance like colour PNGs. Netpbm stores 16-bit samples big endian;
 * we return native little-endian Uint16Array. No library on npm covers 16-bit P5 and P2 both
 * and is maintained, and the format is a one-page spec (netpbm.sourceforge.net/doc/pgm.html).
 */
import { ImageDecodeError } from './errors.js';
import { checkDecodedBytes, checkImageSize } from './limits.js';
import type { DecodedImage } from './types.js';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

export function isPgm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32);
}

/** PPM: P3 (plain) or P6 (raw) colour. */
export function isPpm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x36 || bytes[1] === 0x33);
}

/** A header token as quoted in a message: a damaged file can put anything there. */
const clip = (token: string) => (token.length > 12 ? `${token.slice(0, 12)}...` : token).replace(/[^\x20-\x7e]/g, '?');

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
    // at most 64 characters: a token is a number, and spreading megabytes of junk would overflow the stack
    return String.fromCharCode(...bytes.subarray(start, Math.min(pos, start + 64)));
  };
  const raw = bytes[1] === 0x35 || bytes[1] === 0x36;
  const channels = bytes[1] === 0x36 || bytes[1] === 0x33 ? 3 : 1;
  const kind = channels === 3 ? 'PPM' : 'PGM';
  const widthText = nextToken();
  const heightText = nextToken();
  const maxvalText = nextToken();
  const [width, height, maxval] = [widthText, heightText, maxvalText].map((t) => (/^\d{1,10}$/.test(t) ? Number(t) : NaN)) as [
    number,
    number,
    number,
  ];
  if (Number.isNaN(width) || Number.isNaN(height)) {
    throw new ImageDecodeError(fileName, `the ${kind} header's size "${clip(widthText)} ${clip(heightText)}" is not two whole numbers`);
  }
  checkImageSize(fileName, width, height);
  if (!(maxval > 0 && maxval <= 65535)) {
    throw new ImageDecodeError(fileName, `${kind} has an invalid maximum value ${clip(maxvalText)} (1 to 65535)`);
  }
  const wide = maxval > 255;
  const count = width * height;
  const samples = count * channels;
  checkDecodedBytes(fileName, samples * (wide ? 2 : 1));
  // Refuse a raster the file cannot hold before allocating for it: raw samples are 1 or 2
  // bytes, plain ones at least a digit and a separator.
  pos++; // exactly one whitespace byte separates the header from a raw raster
  const need = raw ? samples * (wide ? 2 : 1) : 2 * samples - 1;
  if (bytes.length - pos < need) {
    throw new ImageDecodeError(fileName, `${kind} raster is truncated: ${Math.max(0, bytes.length - pos)} of ${need} bytes`);
  }
  const raster = wide ? new Uint16Array(samples) : new Uint8Array(samples);
  if (raw) {
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
