/**
 * Encapsulated pixel data built in the test: JPEG-LS near-lossless (no sample file has one),
 * multi-fragment multi-frame objects with and without a Basic Offset Table, and J2K split into
 * fragments. Encoders come from the full (encode+decode) builds of the same codec packages.
 */
import path from 'node:path';
import charlsFactory from '@cornerstonejs/codec-charls/wasmjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../app/core/imaging/decode.js';
import { dicomDir, haveData, readBytes } from '../../fixtures/imaging/data.js';
import { syntheticImage } from '../../fixtures/imaging/dicomWriter.js';

interface Encoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number }): Uint8Array;
  setNearLossless(near: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
}

const present = haveData(dicomDir, 'encapsulated tests (they re-encode MR_small)');

describe.skipIf(!present)('encapsulated pixel data made in the test', () => {
  let source: Int16Array;
  let encoder: Encoder;
  const width = 64;
  const height = 64;

  const jls = (pixels: Int16Array, near: number): Uint8Array => {
    const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    encoder.getDecodedBuffer({ width, height, bitsPerSample: 16, componentCount: 1 }).set(bytes);
    encoder.setNearLossless(near);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  };
  const image = (frames: Uint8Array[][], ts: string, basicOffsetTable: boolean) =>
    syntheticImage({
      rows: height,
      columns: width,
      bitsAllocated: 16,
      bitsStored: 16,
      pixelRepresentation: 1,
      pixelData: new Uint8Array(0),
      frames: frames.length,
      encapsulated: { transferSyntaxUid: ts, frames, basicOffsetTable },
    });
  const split = (data: Uint8Array, parts: number): Uint8Array[] => {
    const size = Math.ceil(data.length / parts / 2) * 2; // even fragments: no padding inside a codestream
    return Array.from({ length: parts }, (_, i) => data.subarray(i * size, (i + 1) * size)).filter((f) => f.length > 0);
  };

  beforeAll(async () => {
    const mr = await decodeImage(readBytes(path.join(dicomDir, 'MR_small_implicit.dcm')), 'MR_small_implicit.dcm');
    source = mr.pixels as Int16Array;
    const charls = (await charlsFactory({ print: () => {}, printErr: () => {} })) as unknown as { JpegLSEncoder: new () => Encoder };
    encoder = new charls.JpegLSEncoder();
  });

  it('JPEG-LS near-lossless (.81): every pixel within NEAR of the original', async () => {
    const file = image([[jls(source, 3)]], '1.2.840.10008.1.2.4.81', false);
    const decoded = await decodeImage(file, 'near.dcm');
    expect(decoded.metadata.lossyCompressed).toBe(true);
    let worst = 0;
    let exact = true;
    for (let i = 0; i < source.length; i++) {
      const d = Math.abs(decoded.pixels[i]! - source[i]!);
      worst = Math.max(worst, d);
      if (d) exact = false;
    }
    expect(worst).toBeLessThanOrEqual(3);
    expect(exact).toBe(false);
  });

  it.each([
    ['without', false],
    ['with', true],
  ])('two frames of several fragments each, %s a Basic Offset Table: frame 1 is decoded', async (_label, bot) => {
    const second = source.map((v) => 3000 - v);
    const frames = [split(jls(source, 0), 3), split(jls(second, 0), 4)];
    expect(frames[0]!.length).toBeGreaterThan(1);
    const decoded = await decodeImage(image(frames, '1.2.840.10008.1.2.4.80', bot), 'frames.dcm');
    expect(decoded.frameCount).toBe(2);
    expect([...decoded.pixels]).toEqual([...source]);
  });

  it('one frame split over many fragments without a Basic Offset Table', async () => {
    const decoded = await decodeImage(image([split(jls(source, 0), 7)], '1.2.840.10008.1.2.4.80', false), 'fragments.dcm');
    expect([...decoded.pixels]).toEqual([...source]);
  });
});
