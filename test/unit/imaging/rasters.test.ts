import path from 'node:path';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../app/core/imaging/decode.js';
import { ImageDecodeError } from '../../../app/core/imaging/errors.js';
import { ddsmDir, haveData, listFiles, miasDir, readBytes } from '../../fixtures/imaging/data.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('Netpbm (synthetic)', () => {
  it('P2 plain 8-bit with a comment', async () => {
    const image = await decodeImage(ascii('P2\n# made in the test\n3 2\n255\n0 1 2\n253 254 255\n'), 'a.pgm');
    expect([image.width, image.height, image.pixelType, image.bitsStored]).toEqual([3, 2, 'uint8', 8]);
    expect([...image.pixels]).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it('P2 plain 16-bit', async () => {
    const image = await decodeImage(ascii('P2 2 1 4095 4095 7'), 'b.pgm');
    expect([image.pixelType, image.bitsStored, ...image.pixels]).toEqual(['uint16', 12, 4095, 7]);
  });

  it('P5 raw 8-bit', async () => {
    const image = await decodeImage(cat(ascii('P5\n2 2\n255\n'), new Uint8Array([9, 8, 7, 6])), 'c.pgm');
    expect([...image.pixels]).toEqual([9, 8, 7, 6]);
  });

  it('P5 raw 16-bit is big endian on disk', async () => {
    const image = await decodeImage(cat(ascii('P5 2 1 65535\n'), new Uint8Array([0x12, 0x34, 0xff, 0x00])), 'd.pgm');
    expect([image.pixelType, image.bitsStored, ...image.pixels]).toEqual(['uint16', 16, 0x1234, 0xff00]);
  });

  it('P6 colour becomes luminance', async () => {
    const image = await decodeImage(cat(ascii('P6 2 1 255\n'), new Uint8Array([255, 0, 0, 10, 10, 10])), 'e.ppm');
    expect([...image.pixels]).toEqual([76, 10]);
    expect(image.metadata.notes?.[0]).toMatch(/luminance/);
  });

  it('a truncated raster is an ImageDecodeError naming the file', async () => {
    await expect(decodeImage(cat(ascii('P5 4 4 255\n'), new Uint8Array(3)), 'short.pgm')).rejects.toThrow(
      new ImageDecodeError('short.pgm', 'PGM raster is truncated: 3 of 16 bytes'),
    );
  });
});

describe('PNG and JPEG (synthetic)', () => {
  it('16-bit greyscale PNG keeps full depth', async () => {
    const data = new Uint16Array([0, 1000, 40000, 65535]);
    const png = encodePng({ width: 2, height: 2, data, depth: 16, channels: 1 });
    const image = await decodeImage(png, 'x.png');
    expect([image.format, image.pixelType, image.bitsStored]).toEqual(['png', 'uint16', 16]);
    expect([...image.pixels]).toEqual([...data]);
  });

  it('JPEG via jpeg-js, colour to luminance, sniffed not by extension', async () => {
    const width = 16;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4).fill(200);
    const file = jpeg.encode({ width, height, data: rgba }, 95).data;
    const image = await decodeImage(new Uint8Array(file), 'scan.dat');
    expect([image.format, image.width, image.height, image.pixelType]).toEqual(['jpeg', 16, 16, 'uint8']);
    expect(Math.abs(image.pixels[0]! - 200)).toBeLessThanOrEqual(2);
  });
});

describe.skipIf(!haveData(miasDir, 'MIAS PGM tests'))('MIAS PGMs in ../shared/data', () => {
  it.each(listFiles(miasDir, '.pgm'))('%s decodes', async (file) => {
    const image = await decodeImage(readBytes(path.join(miasDir, file)), file);
    expect([image.format, image.width, image.height, image.pixelType]).toEqual(['pgm', 1024, 1024, 'uint8']);
  });
});

describe.skipIf(!haveData(ddsmDir, 'DDSM tissue PNG tests'))('DDSM tissue PNGs in ../shared/data', () => {
  it.each(listFiles(ddsmDir, '.png'))('%s decodes', async (file) => {
    const image = await decodeImage(readBytes(path.join(ddsmDir, file)), file);
    expect(image.format).toBe('png');
    expect(image.width * image.height).toBe(image.pixels.length);
    expect(image.width).toBeGreaterThan(100);
  });
});
