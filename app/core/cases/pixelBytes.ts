import { endianness } from 'node:os';
import type { PixelArray } from '../imaging/types.js';

// Stored pixels are written as the typed array's own bytes; that is little endian only on a
// little-endian CPU, which every platform Electron ships for is. Fail loudly rather than
// silently write a different byte order.
if (endianness() !== 'LE') throw new Error('MammoSeg stores pixels little endian and needs a little-endian CPU');

/** The bytes of a pixel array, row-major, little endian (no copy). */
export function pixelBytes(pixels: PixelArray): Uint8Array {
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}

/** The inverse of pixelBytes (shared with the renderer). */
export { pixelsFromBytes } from '../../../shared/imaging/pixelView.js';
