/**
 * Decompression bombs, built without ever holding what they inflate to: one 1 MiB run of zeros is
 * deflated once with a full flush (byte-aligned, dictionary reset), so its ~1 KB of output can be
 * repeated N times and still be a valid stream that inflates to N MiB.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { part10, writeElements } from '../fixtures/imaging/dicomWriter.js';
import { concat } from './dicomEdit.js';
import { PNG_SIGNATURE, ihdr, pngChunk } from './pngEdit.js';

const MiB = 1024 * 1024;
const flushed = (bytes: Uint8Array) => new Uint8Array(deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH }));
const ONE_MIB_OF_ZEROS = flushed(new Uint8Array(MiB));
/** A final, empty fixed-Huffman block: ends the stream. */
const FINAL_BLOCK = new Uint8Array(deflateRawSync(new Uint8Array(0)));

/** Raw deflate data that inflates to `bytes` zeros (whole MiB runs, then the rest). */
function zeros(bytes: number): Uint8Array[] {
  const runs: Uint8Array[] = new Array<Uint8Array>(Math.floor(bytes / MiB)).fill(ONE_MIB_OF_ZEROS);
  if (bytes % MiB) runs.push(flushed(new Uint8Array(bytes % MiB)));
  return runs;
}

/** zlib wrapper (RFC 1950) around raw blocks of `n` zeros: header, blocks, Adler-32 of n zeros. */
function zlibZeros(n: number): Uint8Array {
  const adler = new Uint8Array(4);
  // Adler-32 of n zero bytes: a stays 1, b grows by 1 per byte.
  new DataView(adler.buffer).setUint32(0, ((n % 65521) * 65536 + 1) >>> 0);
  return concat([new Uint8Array([0x78, 0x01]), ...zeros(n), FINAL_BLOCK, adler]);
}

/** A 64 x 64 PNG whose IDAT (~4 MB) inflates to 4 GiB. */
export function pngBomb(): Uint8Array {
  const header = ihdr({ width: 64, height: 64, depth: 8, colorType: 0, interlace: 0 });
  return concat([PNG_SIGNATURE, header, pngChunk('IDAT', zlibZeros(4096 * MiB)), pngChunk('IEND', new Uint8Array(0))]);
}

/**
 * A large honest image: 6000 x 6000 (36 MP, the size of the largest mammography detectors and
 * within the limits), all black, ~40 KB on disk. It must import, within the time and memory budgets.
 */
export function pngLargeZeros(): Uint8Array {
  const side = 6000;
  const header = ihdr({ width: side, height: side, depth: 8, colorType: 0, interlace: 0 });
  const idat = zlibZeros(side * (side + 1)); // each row: filter byte 0, then the zero samples
  return concat([PNG_SIGNATURE, header, pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/**
 * A Deflated Explicit VR Little Endian DICOM (~2 MB) whose data set inflates to 2 GiB: a
 * 1024 x 1024 16-bit image whose Pixel Data element claims 2 GiB of zeros, and has them.
 */
export function deflatedDicomBomb(): Uint8Array {
  const elements = writeElements([
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.7' },
    { tag: 0x00080018, vr: 'UI', value: '1.2.3.4.5.6.7.8.9.99' },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [1024] },
    { tag: 0x00280011, vr: 'US', value: [1024] },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [16] },
    { tag: 0x00280102, vr: 'US', value: [15] },
    { tag: 0x00280103, vr: 'US', value: [0] },
  ]);
  const pixelHeader = new Uint8Array([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57, 0, 0, 0, 0, 0, 0x80]); // OW, 2^31 bytes
  const body = concat([flushed(concat([elements, pixelHeader])), ...zeros(2048 * MiB), FINAL_BLOCK]);
  return part10('1.2.840.10008.1.2.1.99', body);
}
