/**
 * How much memory decoding a file will take, estimated from its first bytes and its size before
 * the file is read: the import admits files to the decode workers by this (a memory budget),
 * not only by a count, so six small PNGs that each declare 16384 x 6103 16-bit pixels (0.8 MB
 * on disk, 200 MB decoded) are not all inflated at once.
 *
 * The declared decoded size comes from the header where it is in the first bytes (PNG IHDR,
 * JPEG SOFn, DICOM Rows/Columns/Bits Allocated/Samples per Pixel, Netpbm); otherwise the decoders'
 * cap is assumed. Declared sizes over the caps count as the cap: the decoders refuse them before
 * allocating.
 */
import dicomParser from 'dicom-parser';
import { jpegFrameHeader } from './jpegHeader.js';
import { IMAGE_LIMITS } from './limits.js';
import { isPng } from './png.js';
import { isJpeg } from './jpeg.js';
import { isPgm, isPpm } from './pgm.js';
import { isDicom } from './dicom/decodeDicom.js';

/** How many first bytes the estimate (and the import's magic check) reads. */
export const HEAD_BYTES = 64 * 1024;

/**
 * Peak memory per declared decoded byte, measured with `mammoseg import` of 16384 x 6103 16-bit
 * PNGs (200 MB of pixels each): two at once took the process from 0.11 to 1.6 GB, about 3.7 x
 * their pixels each (the inflated rows, the pixel array, the copy handed back, the blob write,
 * the thumbnail's scaling).
 */
const DECODE_FACTOR = 3.7;

/** Bytes a file may hold while it decodes and stores: its bytes twice (read, moved to the worker, blob) and its pixels. */
export function decodeCost(head: Uint8Array, fileSize: number): number {
  return 2 * fileSize + Math.round(DECODE_FACTOR * Math.min(declaredBytes(head, fileSize), IMAGE_LIMITS.maxDecodedBytes));
}

/** What the header declares the decoded samples to take, or the decoders' cap when it cannot be read here. */
export function declaredBytes(head: Uint8Array, fileSize: number): number {
  if (isPng(head) && head.length >= 26) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const channels = [1, 0, 3, 1, 2, 0, 4][head[25]!] || 4;
    return view.getUint32(16) * view.getUint32(20) * channels * Math.ceil(head[24]! / 8);
  }
  if (isJpeg(head)) {
    const frame = jpegFrameHeader(head);
    return frame ? frame.width * frame.height * frame.components * Math.ceil(frame.precision / 8) : IMAGE_LIMITS.maxDecodedBytes;
  }
  // Netpbm: raw samples are stored as they decode; plain (text) ones take more room on disk than decoded.
  if (isPgm(head) || isPpm(head)) return fileSize;
  if (isDicom(head)) return dicomDeclared(head);
  return 0; // not an image: refused before decoding
}

function dicomDeclared(head: Uint8Array): number {
  try {
    const ds = dicomParser.parseDicom(head, { untilTag: 'x7fe00010' });
    const rows = ds.uint16('x00280010');
    const columns = ds.uint16('x00280011');
    const bits = ds.uint16('x00280100') ?? 16;
    const samples = ds.uint16('x00280002') ?? 1;
    if (rows && columns) return rows * columns * samples * Math.ceil(bits / 8);
  } catch {
    // The header runs past the first bytes, or is damaged: assume the worst below.
  }
  return IMAGE_LIMITS.maxDecodedBytes;
}
