/**
 * Lossless run-length encoding of a label map (one class index per pixel, row-major), used to
 * store and send a whole mask per revision. Mammography masks are mostly background with a few
 * compact regions, so a 4664x3064 mask is a few runs per row: tens of kilobytes instead of 14 MB.
 *
 * Format, version 1 (all integers unsigned LEB128 varints: 7 bits per byte, low group first,
 * high bit = "more bytes follow"; at most 5 bytes, so values < 2^35):
 *
 *   byte 0      : 0x01 (format version; a decoder refuses any other)
 *   varint      : pixel count N of the label map (lets the decoder check it got the right mask)
 *   then runs   : [value: 1 byte][length: varint >= 1] ... until the lengths sum to N exactly
 *
 * Runs are maximal when encoded (neighbours differ in value), but the decoder accepts any run
 * split. Nothing may follow the last run. N = 0 encodes as the header alone.
 */

import { runEnd, wordView } from './scan.js';

const VERSION = 1;
const MAX_VARINT_BYTES = 5;

/** Encodes a label map; see the module comment for the byte layout. */
export function encodeMaskRle(labels: Uint8Array): Uint8Array {
  const out = new ByteWriter(Math.max(64, labels.length >>> 8));
  out.byte(VERSION);
  out.varint(labels.length);
  const n = labels.length;
  const words = wordView(labels);
  let i = 0;
  while (i < n) {
    const value = labels[i]!;
    const j = runEnd(labels, words, i + 1, n, value);
    out.byte(value);
    out.varint(j - i);
    i = j;
  }
  return out.finish();
}

/**
 * Decodes bytes made by `encodeMaskRle`. Throws an Error naming the problem when the data is not
 * a version-1 mask of exactly `expectedLength` pixels (truncated, overlong, trailing bytes, a
 * zero-length run, a bad varint), so a corrupt revision never turns into a wrong mask silently.
 */
export function decodeMaskRle(bytes: Uint8Array, expectedLength: number): Uint8Array {
  if (!Number.isInteger(expectedLength) || expectedLength < 0) {
    throw new RangeError(`mask RLE: expected length must be a non-negative integer, got ${expectedLength}`);
  }
  if (bytes.length === 0) throw new Error('mask RLE: empty input (no header)');
  if (bytes[0] !== VERSION) throw new Error(`mask RLE: unsupported format version ${bytes[0]} (expected ${VERSION})`);
  const reader = new ByteReader(bytes, 1);
  const declared = reader.varint('pixel count');
  if (declared !== expectedLength) {
    throw new Error(`mask RLE: encodes ${declared} pixels but ${expectedLength} were expected`);
  }
  const labels = new Uint8Array(expectedLength);
  let filled = 0;
  while (filled < expectedLength) {
    if (reader.atEnd()) throw new Error(`mask RLE: truncated after ${filled} of ${expectedLength} pixels`);
    const value = reader.byte();
    const length = reader.varint('run length');
    if (length === 0) throw new Error(`mask RLE: zero-length run at pixel ${filled}`);
    if (length > expectedLength - filled) {
      throw new Error(`mask RLE: run of ${length} at pixel ${filled} overflows the ${expectedLength}-pixel mask`);
    }
    // Background runs need no write: the array starts zeroed.
    if (value !== 0) labels.fill(value, filled, filled + length);
    filled += length;
  }
  if (!reader.atEnd()) throw new Error(`mask RLE: ${bytes.length - reader.offset} trailing bytes after the last run`);
  return labels;
}

/** Growable byte buffer (doubling), so encoding needs no worst-case 2N allocation. */
class ByteWriter {
  private buf: Uint8Array;
  private length = 0;

  constructor(initialCapacity: number) {
    this.buf = new Uint8Array(initialCapacity);
  }

  byte(value: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[this.length++] = value;
  }

  varint(value: number): void {
    // Division instead of >>> so values above 2^31 stay correct.
    let v = value;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
}

/** Bounds-checked reader; every failure is a descriptive Error. */
class ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  atEnd(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    const b = this.bytes[this.offset];
    if (b === undefined) throw new Error(`mask RLE: truncated at byte ${this.offset}`);
    this.offset++;
    return b;
  }

  varint(what: string): number {
    let value = 0;
    let scale = 1;
    for (let count = 0; count < MAX_VARINT_BYTES; count++) {
      const b = this.bytes[this.offset];
      if (b === undefined) throw new Error(`mask RLE: truncated ${what} at byte ${this.offset}`);
      this.offset++;
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 0x80;
    }
    throw new Error(`mask RLE: ${what} varint longer than ${MAX_VARINT_BYTES} bytes at byte ${this.offset}`);
  }
}
