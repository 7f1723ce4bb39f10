/**
 * The frame header (SOFn) of a JPEG or JPEG-LS codestream, read without decoding: the decoders
 * allocate from these numbers, so they are checked against the limits (and, in DICOM, against
 * Rows/Columns) first. ISO 10918-1 B.2.2; JPEG-LS (ISO 14495-1) uses the same layout as SOF55.
 */

export interface JpegFrameHeader {
  /** Sample precision in bits. */
  precision: number;
  height: number;
  width: number;
  components: number;
}

/** SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC); and JPEG-LS SOF55 (F7). */
const isSof = (marker: number) =>
  (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;

/** Markers without a length field: SOI, RSTn, TEM. */
const standalone = (marker: number) => marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;

/** Walks the markers from SOI to the first SOFn; undefined when there is none before the data ends. */
export function jpegFrameHeader(data: Uint8Array): JpegFrameHeader | undefined {
  let i = 2; // after SOI
  while (i + 4 < data.length) {
    if (data[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = data[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (isSof(marker)) {
      if (i + 10 > data.length) return undefined;
      return {
        precision: data[i + 4]!,
        height: (data[i + 5]! << 8) | data[i + 6]!,
        width: (data[i + 7]! << 8) | data[i + 8]!,
        components: data[i + 9]!,
      };
    }
    if (standalone(marker)) {
      i += 2;
      continue;
    }
    const length = (data[i + 2]! << 8) | data[i + 3]!;
    i += 2 + length;
  }
  return undefined;
}
