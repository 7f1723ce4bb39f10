import type { PixelType } from '../domain/imaging.js';

export type StoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array;

/**
 * A typed view over stored pixel bytes (little endian, row-major), copied only when the bytes
 * are not 2-byte aligned. Used by the core (stored blobs) and the renderer (bytes off the wire).
 */
export function pixelsFromBytes(bytes: Uint8Array, type: PixelType): StoredPixels {
  const wide = type === 'uint16' || type === 'int16';
  const aligned = !wide || bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  switch (type) {
    case 'uint8':
      return aligned;
    case 'int8':
      return new Int8Array(aligned.buffer, aligned.byteOffset, aligned.byteLength);
    case 'uint16':
      return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 1);
    case 'int16':
      return new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 1);
    default: {
      const never: never = type;
      throw new Error(`unknown pixel type ${String(never)}`);
    }
  }
}
