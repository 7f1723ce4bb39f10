import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pixelSha256 } from '../../../app/cli/commands/inspect.js';
import { decodeImage } from '../../../app/core/imaging/decode.js';
import { ImageDecodeError } from '../../../app/core/imaging/errors.js';
import { toPixelMeta } from '../../../app/core/imaging/meta.js';
import type { DecodedImage } from '../../../app/core/imaging/types.js';
import { defaultVoi, mapToDisplay, modalityValue } from '../../../shared/imaging/display.js';
import { dicomDir, haveData, listFiles, readBytes, readmeTable } from '../../fixtures/imaging/data.js';
import { endOfMeta, withTransferSyntax } from '../../fixtures/imaging/dicomWriter.js';

const present = haveData(dicomDir, 'DICOM sample tests');
const decoded = new Map<string, DecodedImage>();
const load = (file: string) => decodeImage(readBytes(path.join(dicomDir, file)), file);

async function expectDecodeError(bytes: Uint8Array, name: string, reason: RegExp): Promise<ImageDecodeError> {
  const error = await decodeImage(bytes, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  const e = error as ImageDecodeError;
  expect(e.message).not.toMatch(/\n/);
  expect(e.message.startsWith(`${name}: `)).toBe(true);
  expect(e.message).toMatch(reason);
  return e;
}

describe.skipIf(!present)('DICOM samples in ../shared/data/dicom', () => {
  const table = present ? readmeTable() : [];

  beforeAll(async () => {
    for (const row of table) decoded.set(row.file, await load(row.file));
  });

  it('the README table lists every file in the folder', () => {
    expect(table.length).toBe(13);
    expect(table.map((r) => r.file).sort()).toEqual(listFiles(dicomDir, '.dcm'));
  });

  it.each(table.map((r) => [r.file, r] as const))('%s decodes with the size and bits of the README', (file, row) => {
    const image = decoded.get(file)!;
    expect(image.format).toBe('dicom');
    expect([image.width, image.height]).toEqual([row.columns, row.rows]);
    expect(image.bitsStored).toBe(row.bitsStored);
    expect(image.metadata.bitsAllocated).toBe(row.bitsAllocated);
    expect(image.metadata.pixelRepresentation).toBe(row.pixelRepresentation);
    expect(image.metadata.samplesPerPixel).toBe(row.samplesPerPixel);
    expect(image.metadata.sourcePhotometric).toBe(row.photometric);
    expect(image.metadata.transferSyntaxUid).toBe(row.transferSyntaxUid);
    expect(image.frameCount).toBe(row.frames);
    expect(image.pixels.length).toBe(row.rows * row.columns);
    const expectedType = `${row.pixelRepresentation ? 'int' : 'uint'}${row.bitsAllocated}`;
    expect(image.pixelType).toBe(expectedType);
    expect(image.pixels.BYTES_PER_ELEMENT * 8).toBe(row.bitsAllocated);
    // stored values fit in Bits Stored
    const meta = toPixelMeta(image);
    const limit = 2 ** row.bitsStored;
    if (row.pixelRepresentation) {
      expect(meta.min).toBeGreaterThanOrEqual(-limit / 2);
      expect(meta.max).toBeLessThan(limit / 2);
    } else {
      expect(meta.min).toBeGreaterThanOrEqual(0);
      expect(meta.max).toBeLessThan(limit);
    }
    expect(meta.max).toBeGreaterThan(meta.min); // not a blank image
  });

  it('lossless encodings of MR_small decode to identical pixels', () => {
    const names = ['implicit', 'bigendian', 'RLE', 'jpeg_ls_lossless', 'jp2klossless'].map((s) => `MR_small_${s}.dcm`);
    const hashes = names.map((n) => pixelSha256(decoded.get(n)!.pixels));
    expect(new Set(hashes).size).toBe(1);
    // and the sign is kept: MR_small is signed 16-bit
    expect(decoded.get(names[0]!)!.pixelType).toBe('int16');
  });

  it('RG3_JPLL is MONOCHROME1: higher stored values display darker', () => {
    const image = decoded.get('RG3_JPLL.dcm')!;
    expect(image.photometric).toBe('MONOCHROME1');
    const meta = toPixelMeta(image);
    const voi = defaultVoi(meta);
    expect(voi).toMatchObject({ center: 550, width: 1024 });
    const shown = mapToDisplay(image.pixels, meta, voi);
    const lo = image.pixels.indexOf(meta.min);
    const hi = image.pixels.indexOf(meta.max);
    expect(shown[hi]).toBeLessThan(shown[lo]!);
    // C 550 / W 1024 reaches 1061, so the brightest stored value (1023) is near, not at, black
    expect(shown[hi]).toBeLessThan(16);
    expect(shown[lo]).toBe(255);
    // the invert toggle flips it back
    expect(mapToDisplay(image.pixels, meta, voi, true)[hi]).toBeGreaterThan(239);
  });

  it('CT_small reports Hounsfield units after the rescale (intercept -1024)', () => {
    const image = decoded.get('CT_small.dcm')!;
    expect(image.modalityLut).toEqual({ kind: 'linear', slope: 1, intercept: -1024, unit: 'HU' });
    const meta = toPixelMeta(image);
    expect(modalityValue(meta, image.pixels[0]!)).toBe(image.pixels[0]! - 1024);
    expect(modalityValue(meta, meta.min)).toBeLessThan(0); // air / outside the body is negative HU
  });

  it('vlut_04 offers its VOI LUT Sequence and the display uses the table', () => {
    const image = decoded.get('vlut_04.dcm')!;
    expect(image.vois.length).toBeGreaterThan(0);
    expect(image.vois.every((v) => v.kind === 'table')).toBe(true);
    const meta = toPixelMeta(image);
    const voi = defaultVoi(meta);
    expect('kind' in voi && voi.kind).toBe('table');
    const table = image.vois[0]! as Extract<DecodedImage['vois'][number], { kind: 'table' }>;
    const shown = mapToDisplay(image.pixels, meta, voi);
    const scale = 255 / (2 ** table.bitsPerEntry - 1);
    for (const i of [0, 1000, 70_000, 131_072, image.pixels.length - 1]) {
      const entry = table.data[Math.min(Math.max(image.pixels[i]! - table.firstValueMapped, 0), table.data.length - 1)]!;
      expect(shown[i]).toBe(Math.round(entry * scale));
    }
  });

  it('MG1_J2KI: metadata mapped from the header', () => {
    const image = decoded.get('MG1_J2KI.dcm')!;
    expect(image.metadata.modality).toBe('RG');
    expect(image.metadata.transferSyntaxName).toBe('JPEG 2000 Image Compression');
    expect(image.metadata.lossyCompressed).toBe(true);
    expect(image.metadata.studyInstanceUid).toMatch(/^1\.3\.6\.1\.4\.1\.5962\./);
    expect(image.vois[0]).toEqual({ kind: 'window', center: 2047, width: 4095, fn: 'LINEAR' });
  });

  it('multi-frame colour JPEG baseline: first frame as luminance, frame count kept', () => {
    const image = decoded.get('IM00001.fragmented_no_bot_jpeg_baseline.50.dcm')!;
    expect(image.frameCount).toBe(8);
    expect(image.photometric).toBe('MONOCHROME2');
    expect(image.metadata.notes?.join(' ')).toMatch(/YBR_FULL colour converted to luminance/);
  });

  it('Deflated Explicit VR Little Endian decodes like the plain file', async () => {
    const plain = readBytes(path.join(dicomDir, 'CT_small.dcm'));
    const deflated = withTransferSyntax(plain, '1.2.840.10008.1.2.1.99', (ds) => deflateRawSync(ds));
    expect(deflated.length).toBeLessThan(plain.length);
    const image = await decodeImage(deflated, 'CT_small_deflated.dcm');
    expect(image.metadata.transferSyntaxName).toBe('Deflated Explicit VR Little Endian');
    expect(pixelSha256(image.pixels)).toBe(pixelSha256(decoded.get('CT_small.dcm')!.pixels));
  });

  it('a data set without preamble and meta header is still read', async () => {
    const plain = readBytes(path.join(dicomDir, 'MR_small_implicit.dcm'));
    const bare = plain.slice(endOfMeta(plain));
    const image = await decodeImage(bare, 'MR_small_bare');
    expect(pixelSha256(image.pixels)).toBe(pixelSha256(decoded.get('MR_small_implicit.dcm')!.pixels));
  });

  describe('failures are one-line ImageDecodeErrors naming the file', () => {
    const dir = present ? mkdtempSync(path.join(tmpdir(), 'mammoseg-imaging-')) : '';

    it('truncated native pixel data', async () => {
      const whole = readBytes(path.join(dicomDir, 'CT_small.dcm'));
      const name = path.join(dir, 'CT_small_truncated.dcm');
      writeFileSync(name, whole.subarray(0, whole.length - 5000));
      await expectDecodeError(readBytes(name), name, /truncat|overrun|past end|beyond/i);
    });

    it('truncated encapsulated pixel data', async () => {
      const whole = readBytes(path.join(dicomDir, 'RG3_JPLL.dcm'));
      await expectDecodeError(whole.subarray(0, Math.floor(whole.length / 2)), 'RG3_half.dcm', /truncat|overrun|past end|beyond/i);
    });

    it('a file cut inside the header', async () => {
      const whole = readBytes(path.join(dicomDir, 'CT_small.dcm'));
      await expectDecodeError(whole.subarray(0, 200), 'CT_head.dcm', /./);
    });

    it('a non-DICOM file', async () => {
      const text = new TextEncoder().encode('patient notes, not an image\n'.repeat(20));
      await expectDecodeError(text, 'notes.dcm', /not a supported image/);
    });

    it('an unsupported transfer syntax (patched copy)', async () => {
      const original = readBytes(path.join(dicomDir, 'MR_small_jpeg_ls_lossless.dcm'));
      const copy = original.slice();
      const from = new TextEncoder().encode('1.2.840.10008.1.2.4.80');
      const to = new TextEncoder().encode('1.2.840.10008.1.2.4.92'); // same length: JPEG 2000 Part 2
      const at = Buffer.from(copy).indexOf(Buffer.from(from));
      expect(at).toBeGreaterThan(128);
      copy.set(to, at);
      const name = path.join(dir, 'MR_small_patched.dcm');
      writeFileSync(name, copy);
      const e = await expectDecodeError(readBytes(name), name, /transfer syntax 1\.2\.840\.10008\.1\.2\.4\.92 .*not supported/);
      expect(e.reason).toMatch(/JPEG 2000 Part 2/);
    });
  });
});
