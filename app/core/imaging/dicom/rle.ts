/**
 * RLE Lossless (1.2.840.10008.1.2.5), decoded per PS3.5 Annex G. No maintained npm package
 * exports an RLE decoder for Node (dicom-image-loader has one, but not in its package exports),
 * and the format is one page: a 64-byte header (segment count + 15 offsets), then one PackBits
 * segment per byte plane, most significant byte of each sample first (G.2), one sample plane
 * after another.
 */

/**
 * Decodes one RLE frame into interleaved little-endian bytes: `bytesPerSample` bytes for each of
 * `samplesPerPixel` samples per pixel (the layout of native Planar Configuration 0).
 */
export function decodeRleFrame(frame: Uint8Array, pixelCount: number, samplesPerPixel: number, bytesPerSample: number): Uint8Array {
  if (frame.length < 64) throw new Error('RLE header is truncated');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new Error(`RLE frame has ${segments} segments, expected ${expected}`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  const stride = expected;
  // PackBits turns 2 bytes into at most 128 (a replicate run), so a frame this short cannot hold
  // the image: refuse before allocating the output for what the header declares.
  if (frame.length * 64 < pixelCount * stride) throw new Error('RLE data is too short for the image size (truncated?)');
  const out = new Uint8Array(pixelCount * stride);
  for (let s = 0; s < segments; s++) {
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = s % bytesPerSample; // 0 = most significant
    // little-endian output: the most significant byte goes last within the sample
    let o = sample * bytesPerSample + (bytesPerSample - 1 - byteInSample);
    const end = o + pixelCount * stride;
    let i = offsets[s]!;
    const stop = s + 1 < segments ? offsets[s + 1]! : frame.length;
    if (i < 64 || i > frame.length || stop > frame.length) throw new Error(`RLE segment ${s} offset is out of range`);
    while (i < stop && o < end) {
      const n = frame[i++]!;
      if (n < 128) {
        // literal run of n + 1 bytes
        for (let k = 0; k <= n && o < end; k++) {
          out[o] = frame[i++]!;
          o += stride;
        }
      } else if (n > 128) {
        // replicate the next byte 257 - n times
        const value = frame[i++]!;
        for (let k = 0; k < 257 - n && o < end; k++) {
          out[o] = value;
          o += stride;
        }
      } // n === 128 is a no-op (G.3.2)
    }
    if (o < end) throw new Error(`RLE segment ${s} is truncated`);
  }
  return out;
}
