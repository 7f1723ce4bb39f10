/**
 * PNG chunk edits for the fuzzer. Edited chunks get a correct CRC, so that a decoder that checks
 * CRCs still reaches the lie inside (a 20000 x 20000 IHDR) instead of stopping at the checksum.
 */
import { concat } from './dicomEdit.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: length, type, data, CRC over type + data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat([new TextEncoder().encode(type), data]);
  const out = new Uint8Array(8 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(body, 4);
  view.setUint32(8 + data.length, crc32(body));
  return out;
}

export interface IhdrFields {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
}

export function ihdr(fields: IhdrFields): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, fields.width >>> 0);
  view.setUint32(4, fields.height >>> 0);
  data.set([fields.depth, fields.colorType, 0, 0, fields.interlace], 8);
  return pngChunk('IHDR', data);
}

/** Positions of each chunk's length field, in file order (stops at the first damaged one). */
export function chunkOffsets(png: Uint8Array): number[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: number[] = [];
  for (let at = 8; at + 8 <= png.length; at += 12 + view.getUint32(at)) out.push(at);
  return out;
}

/** A copy of a PNG (IHDR first, as the spec requires) with some IHDR fields replaced. */
export function withIhdr(png: Uint8Array, patch: Partial<IhdrFields>): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const current: IhdrFields = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    depth: png[24]!,
    colorType: png[25]!,
    interlace: png[28]!,
  };
  return concat([png.subarray(0, 8), ihdr({ ...current, ...patch }), png.subarray(8 + 25)]);
}
