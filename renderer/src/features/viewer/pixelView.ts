import type { PixelType } from '../../../../shared/domain/imaging.js';

/** A typed view over stored little-endian pixel bytes (copied only when misaligned). */
export function pixelView(bytes: Uint8Array, type: PixelType): ArrayLike<number> {
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  switch (type) {
    case 'uint8':
      return bytes;
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
