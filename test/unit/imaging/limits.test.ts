/**
 * Size limits (limits.ts) in every decoder, checked before anything is allocated for the declared
 * size, and refusals worded about the file. All inputs are built here, so this runs without the
 * shared data.
 */
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../app/core/imaging/decode.js';
import { ImageDecodeError } from '../../../app/core/imaging/errors.js';
import { decodePng } from '../../../app/core/imaging/png.js';
import { syntheticImage } from '../../fixtures/imaging/dicomWriter.js';
import { deflatedDicomBomb, pngBomb } from '../../fuzz/bombs.js';
import { ascii, concat } from '../../fuzz/dicomEdit.js';
import { withIhdr } from '../../fuzz/pngEdit.js';

/** The refusal, after checking it is a one-line ImageDecodeError that starts with the file name. */
async function refusal(promise: Promise<unknown>, fileName: string): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  const message = (error as ImageDecodeError).message;
  expect(message.startsWith(`${fileName}: `)).toBe(true);
  expect(message).not.toMatch(/\n|typed array|DataView|undefined|RangeError/);
  return message;
}

/** Resident memory grows by less than `mb` while `run` runs (it must refuse, not allocate). */
async function withinMemory(mb: number, run: () => Promise<unknown>): Promise<void> {
  const before = process.memoryUsage().rss;
  await run().catch(() => undefined);
  expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(mb);
}

const smallPng = () => encodePng({ width: 2, height: 2, data: new Uint8Array([1, 2, 3, 4]), depth: 8, channels: 1 });

describe('Netpbm', () => {
  it('a header of 50000 x 50000 at 16 bits is refused before 5 GB are allocated', async () => {
    const file = concat([ascii('P5\n50000 50000\n65535\n'), new Uint8Array(64)]);
    await withinMemory(100, async () => {
      expect(await refusal(decodeImage(file, 'big.pgm'), 'big.pgm')).toBe(
        'big.pgm: the header declares 50000 x 50000 pixels, over the 16384-pixel limit',
      );
    });
  });

  it('zero width, too many megapixels, and a raster the file cannot hold', async () => {
    expect(await refusal(decodeImage(ascii('P5 0 512 255\n'), 'zero.pgm'), 'zero.pgm')).toMatch(/the header says 0 x 512 pixels$/);
    expect(await refusal(decodeImage(ascii('P5 12000 12000 255\n'), 'mp.pgm'), 'mp.pgm')).toMatch(
      /12000 x 12000 pixels \(144 megapixels\), over the 100-megapixel limit/,
    );
    await withinMemory(100, async () => {
      expect(await refusal(decodeImage(ascii('P2 9000 9000 255\n1 2 3'), 'plain.pgm'), 'plain.pgm')).toMatch(/PGM raster is truncated/);
    });
  });

  it('a size that is not a number is quoted, not parsed', async () => {
    expect(await refusal(decodeImage(ascii('P5 1e9 -5 255\n'), 'odd.pgm'), 'odd.pgm')).toMatch(/size "1e9 -5" is not two whole numbers/);
  });
});

describe('PNG', () => {
  it('IHDR dimensions are checked before anything is inflated', async () => {
    const file = withIhdr(smallPng(), { width: 20000, height: 20000 });
    expect(await refusal(decodeImage(file, 'huge.png'), 'huge.png')).toMatch(/20000 x 20000 pixels, over the 16384-pixel limit/);
    expect(await refusal(decodeImage(withIhdr(smallPng(), { width: 0 }), 'zero.png'), 'zero.png')).toMatch(/says 0 x 2 pixels/);
  });

  it('pixel data too short for its IHDR is refused without inflating it', async () => {
    const file = withIhdr(smallPng(), { width: 10000, height: 10000 });
    expect(await refusal(decodePng(file, 'short.png'), 'short.png')).toMatch(/too short for 10000 x 10000 pixels \(truncated\?\)/);
  });

  it('a 4 GiB decompression bomb is measured while streaming and refused, in little memory', async () => {
    const bomb = pngBomb();
    await withinMemory(200, async () => {
      expect(await refusal(decodePng(bomb, 'bomb.png'), 'bomb.png')).toMatch(
        /inflates to more than 64 x 64 pixels need \(a decompression bomb\?\)/,
      );
    });
  });

  it('an ordinary PNG still decodes', async () => {
    const image = await decodePng(smallPng(), 'ok.png');
    expect([...image.pixels]).toEqual([1, 2, 3, 4]);
  });
});

describe('JPEG', () => {
  const file = () => new Uint8Array(jpeg.encode({ width: 16, height: 16, data: new Uint8Array(16 * 16 * 4).fill(90) }, 90).data);
  /** The SOF0 marker segment's height and width fields, rewritten. */
  const withSof = (bytes: Uint8Array, width: number, height: number) => {
    const copy = bytes.slice();
    const at = Buffer.from(copy).indexOf(Buffer.from([0xff, 0xc0]));
    new DataView(copy.buffer).setUint16(at + 5, height);
    new DataView(copy.buffer).setUint16(at + 7, width);
    return copy;
  };

  it('the frame header is checked before jpeg-js allocates for it', async () => {
    expect(await refusal(decodeImage(withSof(file(), 20000, 100), 'wide.jpg'), 'wide.jpg')).toMatch(
      /20000 x 100 pixels, over the 16384-pixel limit/,
    );
    expect(await refusal(decodeImage(withSof(file(), 0, 16), 'zero.jpg'), 'zero.jpg')).toMatch(/says 0 x 16 pixels/);
  });
});

describe('DICOM', () => {
  const grey = (rows: number, columns: number, pixelBytes: number, extra: Parameters<typeof syntheticImage>[0]['extra'] = []) =>
    syntheticImage({ rows, columns, bitsAllocated: 8, bitsStored: 8, pixelData: new Uint8Array(pixelBytes), extra });

  it('Rows and Columns: zero, and over the limit', async () => {
    expect(await refusal(decodeImage(grey(0, 512, 16), 'rows0.dcm'), 'rows0.dcm')).toMatch(/the header says 512 x 0 pixels$/);
    expect(await refusal(decodeImage(grey(40000, 40000, 16), 'big.dcm'), 'big.dcm')).toMatch(
      /40000 x 40000 pixels, over the 16384-pixel limit/,
    );
  });

  it('Number of Frames over the limit, or more than the pixel data holds', async () => {
    const frames = (n: string) => [{ tag: 0x00280008, vr: 'IS', value: n }];
    expect(await refusal(decodeImage(grey(4, 4, 16, frames('99999999')), 'f.dcm'), 'f.dcm')).toMatch(
      /99999999 frames, over the 10000-frame limit/,
    );
    expect(await refusal(decodeImage(grey(4, 4, 16, frames('3')), 'cut.dcm'), 'cut.dcm')).toMatch(
      /declares 3 frames but the pixel data holds 1 \(truncated\?\)/,
    );
  });

  it('a Number of Frames that is not a number reads as 1, never NaN (it is stored with the case)', async () => {
    for (const value of ['abc', '', '0', '-4']) {
      expect((await decodeImage(grey(4, 4, 16, [{ tag: 0x00280008, vr: 'IS', value }]), 'n.dcm')).frameCount).toBe(1);
    }
  });

  it('a frame whose decoded samples would pass the byte limit', async () => {
    const rgb16 = syntheticImage({
      rows: 10000,
      columns: 10000,
      bitsAllocated: 16,
      bitsStored: 16,
      samplesPerPixel: 3,
      photometric: 'RGB',
      pixelData: new Uint8Array(16),
    });
    expect(await refusal(decodeImage(rgb16, 'rgb.dcm'), 'rgb.dcm')).toMatch(/decoding it would take 572 MB, over the 512 MB limit/);
  });

  it('a deflated data set that inflates to 2 GiB stops at the limit', async () => {
    const bomb = deflatedDicomBomb();
    expect(bomb.length).toBeLessThan(4 * 2 ** 20);
    expect(await refusal(decodeImage(bomb, 'bomb.dcm'), 'bomb.dcm')).toMatch(
      /inflates to more than 256 MB, the limit \(a decompression bomb\?\)/,
    );
  });

  it('a codestream that declares another size than the header is refused before the codec runs', async () => {
    // SOC, then SIZ: Lsiz, Rsiz, Xsiz 60000, Ysiz 60000, offsets 0, tiles, 1 component
    const siz = new Uint8Array(4 + 38 + 3);
    const view = new DataView(siz.buffer);
    siz.set([0xff, 0x4f, 0xff, 0x51]);
    view.setUint32(8, 60000);
    view.setUint32(12, 60000);
    view.setUint16(40, 1);
    const file = syntheticImage({
      rows: 64,
      columns: 64,
      bitsAllocated: 16,
      bitsStored: 16,
      pixelData: new Uint8Array(0),
      encapsulated: { transferSyntaxUid: '1.2.840.10008.1.2.4.90', frames: [[siz]], basicOffsetTable: false },
    });
    expect(await refusal(decodeImage(file, 'j2k.dcm'), 'j2k.dcm')).toMatch(
      /compressed frame is 60000 x 60000 pixels but the header says 64 x 64/,
    );
  });

  it('RLE data far too short for the image is refused before the output is allocated', async () => {
    const rle = new Uint8Array(64 + 2);
    new DataView(rle.buffer).setUint32(0, 1, true); // one segment
    new DataView(rle.buffer).setUint32(4, 64, true);
    const file = syntheticImage({
      rows: 4096,
      columns: 4096,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelData: new Uint8Array(0),
      encapsulated: { transferSyntaxUid: '1.2.840.10008.1.2.5', frames: [[rle]], basicOffsetTable: false },
    });
    expect(await refusal(decodeImage(file, 'rle.dcm'), 'rle.dcm')).toMatch(/RLE data is too short for the image size \(truncated\?\)/);
  });
});
