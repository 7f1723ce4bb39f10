import { endianness } from 'node:os';
import type { PixelType } from '../../../shared/domain/imaging.js';
import type { PixelArray } from '../imaging/types.js';

// Stored pixels are written as the typed array's own bytes; that is little endian only on a
// little-endian CPU, which every platform Electron ships for is. Fail loudly rather than
// silently write a different byte order.
if (endianness() !== 'LE') throw new Error('MammoSeg stores pixels little endian and needs a little-endian CPU');

/** The bytes of a pixel array, row-major, little endian (no copy). */
export function pixelBytes(pixels: PixelArray): Uint8Array {
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}

/** The inverse of pixelBytes: a typed view over stored bytes (copied when misaligned). */
export function pixelsFromBytes(bytes: Uint8Array, type: PixelType): PixelArray {
  const wide = type === 'uint16' || type === 'int16';
  const aligned = !wide || bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  switch (type) {
    case 'uint8':
      return aligned;
    case 'int8':
      return new Int8Array(aligned.buffer, aligned.byteOffset, aligned.byteLength);
    case 'uint16':
      return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
    case 'int16':
      return new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
    default: {
      const never: never = type;
      throw new Error(`unknown pixel type ${String(never)}`);
    }
  }
}
