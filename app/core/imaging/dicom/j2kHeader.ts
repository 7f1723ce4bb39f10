/**
 * The image size a JPEG 2000 codestream declares in its SIZ marker segment (ISO 15444-1 A.5.1),
 * read without decoding: OpenJPEG allocates from it, so it is checked against Rows/Columns and
 * the limits first.
 */

export interface J2kSize {
  width: number;
  height: number;
  components: number;
}

/** SOC (FF4F) immediately followed by SIZ (FF51) starts every codestream. */
function findSiz(data: Uint8Array): number {
  // A JP2 wrapper (seen in the wild despite PS3.5 A.4.4) puts boxes before the codestream.
  const end = Math.min(data.length - 4, 4096);
  for (let i = 0; i <= end; i++) {
    if (data[i] === 0xff && data[i + 1] === 0x4f && data[i + 2] === 0xff && data[i + 3] === 0x51) return i + 2;
  }
  return -1;
}

export function j2kSize(data: Uint8Array): J2kSize | undefined {
  const s = findSiz(data);
  if (s < 0 || s + 40 > data.length) return undefined;
  const view = new DataView(data.buffer, data.byteOffset + s, 40);
  // Xsiz/Ysiz are the reference grid's extent; the image starts at XOsiz/YOsiz.
  const width = view.getUint32(6) - view.getUint32(14);
  const height = view.getUint32(10) - view.getUint32(18);
  return { width, height, components: view.getUint16(38) };
}
