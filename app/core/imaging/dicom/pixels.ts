/**
 * Turns decoded samples into the stored-value array DecodedImage carries: one sample per pixel,
 * bits above Bits Stored masked off, two's complement sign-extended from Bits Stored
 * (PS3.5 8.1.1, PS3.3 C.7.6.3.1), colour reduced to luminance.
 */
import type { PixelType } from '../../../../shared/domain/imaging.js';
import type { PixelArray } from '../types.js';

export interface StoredLayout {
  bitsAllocated: 8 | 16;
  bitsStored: number;
  highBit: number;
  signed: boolean;
}

/**
 * How colour samples are laid out. 'rgb' covers RGB and what JPEG / JPEG 2000 codecs return
 * after their inverse colour transform; 'ybr' is YBR_FULL (Y is the first sample);
 * 'ybr422' is native YBR_FULL_422 (Y1 Y2 Cb Cr for each pair of pixels, PS3.3 C.7.6.3.1.2).
 */
export type ColourLayout = 'rgb' | 'ybr' | 'ybr422';

export function pixelTypeOf(layout: StoredLayout): PixelType {
  if (layout.bitsAllocated === 8) return layout.signed ? 'int8' : 'uint8';
  return layout.signed ? 'int16' : 'uint16';
}

/**
 * Greyscale: masks each sample to Bits Stored (after shifting High Bit down when the stored
 * bits are not the low ones) and sign-extends when Pixel Representation is 1.
 * `samples` holds at least `count` values as the codec or file gave them (unsigned words).
 */
export function storedValues(samples: ArrayLike<number>, count: number, layout: StoredLayout): PixelArray {
  const { bitsAllocated, bitsStored, highBit, signed } = layout;
  const shift = Math.max(0, highBit + 1 - bitsStored);
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  const signBit = 1 << (bitsStored - 1);
  const full = 1 << bitsStored;
  const out: PixelArray =
    bitsAllocated === 8 ? (signed ? new Int8Array(count) : new Uint8Array(count)) : signed ? new Int16Array(count) : new Uint16Array(count);
  if (shift === 0 && !signed && samples instanceof (bitsAllocated === 8 ? Uint8Array : Uint16Array)) {
    // Fast path (the mammography case: unsigned, stored bits at the bottom): copy, then mask only
    // the values that carry overlay or garbage bits. Typed loops keep 4664x3064 under ~20 ms.
    const typed = out as Uint8Array | Uint16Array;
    typed.set((samples as Uint8Array | Uint16Array).subarray(0, count));
    if (bitsStored < bitsAllocated) {
      for (let i = 0; i < count; i++) if (typed[i]! > mask) typed[i] = typed[i]! & mask;
    }
    return out;
  }
  if (shift === 0 && signed && bitsStored === bitsAllocated && samples instanceof (bitsAllocated === 8 ? Uint8Array : Uint16Array)) {
    // two's complement at full width: reinterpret the bits
    const src = samples as Uint8Array | Uint16Array;
    const view = bitsAllocated === 8 ? new Int8Array(src.buffer, src.byteOffset, count) : new Int16Array(src.buffer, src.byteOffset, count);
    out.set(view);
    return out;
  }
  if (signed) {
    for (let i = 0; i < count; i++) {
      const v = (samples[i]! >> shift) & mask;
      out[i] = v & signBit ? v - full : v;
    }
  } else {
    for (let i = 0; i < count; i++) out[i] = (samples[i]! >> shift) & mask;
  }
  return out;
}

/**
 * Colour: Rec. 601 luma from RGB (what png.ts does too), or the Y sample of YBR_FULL /
 * YBR_FULL_422, which is that same luma by definition (PS3.3 C.7.6.3.1.2). Planar RGB
 * (Planar Configuration 1) is read plane by plane. Output is unsigned at the allocated width.
 */
export function luminance(
  samples: ArrayLike<number>,
  count: number,
  colour: ColourLayout,
  planar: boolean,
  bitsAllocated: 8 | 16,
): Uint8Array | Uint16Array {
  const out = bitsAllocated === 8 ? new Uint8Array(count) : new Uint16Array(count);
  if (colour === 'ybr422') {
    for (let pair = 0; pair < count; pair += 2) {
      const o = pair * 2; // 4 samples per 2 pixels
      out[pair] = samples[o]!;
      if (pair + 1 < count) out[pair + 1] = samples[o + 1]!;
    }
    return out;
  }
  const at = planar ? (i: number, c: number) => samples[c * count + i]! : (i: number, c: number) => samples[3 * i + c]!;
  if (colour === 'ybr') {
    for (let i = 0; i < count; i++) out[i] = at(i, 0);
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = Math.round(0.299 * at(i, 0) + 0.587 * at(i, 1) + 0.114 * at(i, 2));
  return out;
}

/** Little-endian 16-bit words from bytes (copied, so the result is aligned), big-endian swapped. */
export function words16(bytes: Uint8Array, bigEndian: boolean): Uint16Array {
  const n = bytes.length >> 1;
  // Uint8Array's slice copies; Buffer's (Node) does not, so never call it on a Buffer.
  if (!bigEndian) return new Uint16Array(Uint8Array.prototype.slice.call(bytes, 0, n * 2).buffer, 0, n);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  return out;
}
