import path from 'node:path';
import { decode, encode } from 'fast-png';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngNative } from '../../../app/core/imaging/pngNative.js';
import { ddsmDir, haveData, listFiles, readBytes } from '../../fixtures/imaging/data.js';

/** fast-png is the reference: the samples exactly as stored in the file. */
async function expectSameAsFastPng(png: Uint8Array, name: string): Promise<void> {
  const reference = decode(png);
  const image = await decodePngNative(png, name);
  expect(image, `${name} should take the native path`).toBeDefined();
  expect([image!.width, image!.height, image!.bitsStored]).toEqual([reference.width, reference.height, reference.depth]);
  expect(image!.pixels.constructor).toBe(reference.depth === 16 ? Uint16Array : Uint8Array);
  expect(image!.pixels.length).toBe(reference.width * reference.height); // one channel, not sRGB
  // Compared as one buffer: toEqual over millions of elements is slow and prints badly.
  expect(
    Buffer.compare(
      Buffer.from(image!.pixels.buffer, image!.pixels.byteOffset, image!.pixels.byteLength),
      Buffer.from(reference.data.buffer, reference.data.byteOffset, reference.data.byteLength),
    ),
  ).toBe(0);
}

/** Greyscale samples that use all 16 bits (high and low byte differ, so a byte swap shows). */
function samples16(width: number, height: number, seed: number): Uint16Array {
  const out = new Uint16Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = (Math.imul(i + seed, 2654435761) >>> 16) ^ (i & 0xff);
  return out;
}

describe('decodePngNative (sharp) keeps every sample exactly', () => {
  it('16-bit greyscale, several sizes, incl. odd widths, min and max values', async () => {
    for (const [w, h, seed] of [
      [2000, 300, 1],
      [1, 1, 2],
      [333, 77, 3],
      [4096, 2, 4],
    ] as const) {
      const data = samples16(w, h, seed);
      data[0] = 0;
      data[data.length - 1] = 0xffff;
      await expectSameAsFastPng(encode({ width: w, height: h, data, depth: 16, channels: 1 }), `${w}x${h}.png`);
    }
  });

  it('16-bit greyscale written by libpng (other filters and compression than fast-png writes)', async () => {
    const data = samples16(640, 480, 9);
    const png = await sharp(data, { raw: { width: 640, height: 480, channels: 1 } })
      .toColourspace('grey16')
      .png({ compressionLevel: 9, adaptiveFiltering: true })
      .toBuffer();
    await expectSameAsFastPng(new Uint8Array(png), 'libpng.png');
  });

  it('8-bit greyscale', async () => {
    const data = new Uint8Array(301 * 203).map((_, i) => (i * 31) & 0xff);
    await expectSameAsFastPng(encode({ width: 301, height: 203, data, depth: 8, channels: 1 }), 'grey8.png');
  });

  it.skipIf(!haveData(ddsmDir, 'DDSM PNG comparison'))('the DDSM tissue mammograms', async () => {
    const files = listFiles(ddsmDir, '.png').slice(0, 4);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await expectSameAsFastPng(readBytes(path.join(ddsmDir, file)), file);
  });

  it('leaves colour, alpha and transparency to fast-png', async () => {
    const rgb = encode({ width: 4, height: 4, data: new Uint8Array(48), depth: 8, channels: 3 });
    const greyAlpha = encode({ width: 4, height: 4, data: new Uint16Array(32), depth: 16, channels: 2 });
    expect(await decodePngNative(rgb, 'rgb.png')).toBeUndefined();
    expect(await decodePngNative(greyAlpha, 'ga.png')).toBeUndefined();
  });

  it('refuses a header larger than the limits before libvips allocates anything', async () => {
    const png = encode({ width: 2, height: 2, data: new Uint16Array(4), depth: 16, channels: 1 });
    new DataView(png.buffer, png.byteOffset).setUint32(16, 60_000); // IHDR width, CRC left wrong
    await expect(decodePngNative(png, 'huge.png')).rejects.toThrow(
      /huge\.png: the header declares 60000 x 2 pixels, over the 16384-pixel limit/,
    );
  });

  it('hands a truncated file to fast-png instead of returning blank rows', async () => {
    const png = encode({ width: 200, height: 200, data: samples16(200, 200, 5), depth: 16, channels: 1 });
    expect(await decodePngNative(png.subarray(0, png.length / 2), 'cut.png')).toBeUndefined();
  });
});
