/** Pixel semantics on synthetic DICOM files written by test/fixtures/imaging/dicomWriter.ts. */
import { describe, expect, it } from 'vitest';
import { inspectFile, reportFor } from '../../../app/cli/commands/inspect.js';
import { decodeImage } from '../../../app/core/imaging/decode.js';
import { ImageDecodeError } from '../../../app/core/imaging/errors.js';
import { toPixelMeta } from '../../../app/core/imaging/meta.js';
import { mapToDisplay, modalityValue, voiAt, voiLabel } from '../../../shared/imaging/display.js';
import { syntheticImage, u16le, type El } from '../../fixtures/imaging/dicomWriter.js';

const grey16 = (values: number[], extra: Partial<Parameters<typeof syntheticImage>[0]> = {}) =>
  syntheticImage({ rows: 1, columns: values.length, bitsAllocated: 16, bitsStored: 16, pixelData: u16le(values), ...extra });

describe('stored values', () => {
  it('masks bits above Bits Stored (unsigned)', async () => {
    const file = grey16([0xf000 | 0x0fff, 0x1000 | 0x0123, 0x0000, 0x0800], { bitsStored: 12 });
    const image = await decodeImage(file, 'mask.dcm');
    expect(image.pixelType).toBe('uint16');
    expect([...image.pixels]).toEqual([0x0fff, 0x0123, 0, 0x0800]);
  });

  it("sign-extends two's complement from Bits Stored", async () => {
    const file = grey16([0x0800, 0xffff, 0x07ff, 0xf001, 0x0000], { bitsStored: 12, pixelRepresentation: 1 });
    const image = await decodeImage(file, 'signed12.dcm');
    expect(image.pixelType).toBe('int16');
    expect([...image.pixels]).toEqual([-2048, -1, 2047, 1, 0]);
  });

  it('shifts stored bits down when High Bit is not Bits Stored - 1', async () => {
    const file = grey16([0x0fff << 4, (0x0123 << 4) | 0x000f], { bitsStored: 12, highBit: 15 });
    const image = await decodeImage(file, 'highbit.dcm');
    expect([...image.pixels]).toEqual([0x0fff, 0x0123]);
  });

  it('signed 8-bit becomes int8', async () => {
    const file = syntheticImage({
      rows: 1,
      columns: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 1,
      pixelData: new Uint8Array([0x80, 0xff, 0x7f, 0]),
    });
    const image = await decodeImage(file, 'signed8.dcm');
    expect(image.pixelType).toBe('int8');
    expect([...image.pixels]).toEqual([-128, -1, 127]);
  });

  it('multi-frame: decodes the first frame and reports the count', async () => {
    const file = grey16([1, 2, 3, 4, 5, 6], { rows: 1, columns: 2, frames: 3 });
    const image = await decodeImage(file, 'frames.dcm');
    expect(image.frameCount).toBe(3);
    expect([...image.pixels]).toEqual([1, 2]);
  });
});

describe('Modality LUT and VOI', () => {
  it('Modality LUT Sequence becomes a table and maps stored values', async () => {
    const lut: El[] = [
      { tag: 0x00283002, vr: 'US', value: [4, 1, 16] },
      { tag: 0x00283004, vr: 'LO', value: 'OD' },
      { tag: 0x00283006, vr: 'OW', value: u16le([10, 20, 30, 40]) },
    ];
    const file = grey16([1, 2, 3, 4, 9], { bitsStored: 12, extra: [{ tag: 0x00283000, vr: 'SQ', value: [lut] }] });
    const image = await decodeImage(file, 'mlut.dcm');
    expect(image.modalityLut).toEqual({ kind: 'table', firstValueMapped: 1, bitsPerEntry: 16, data: [10, 20, 30, 40] });
    const meta = toPixelMeta(image);
    expect([1, 2, 4, 9, 0].map((v) => modalityValue(meta, v))).toEqual([10, 20, 40, 40, 10]);
  });

  it('several windows with explanations and the VOI LUT Function, in file order; voiAt picks one', async () => {
    const extra: El[] = [
      { tag: 0x00281050, vr: 'DS', value: '100\\2000' },
      { tag: 0x00281051, vr: 'DS', value: '200\\4000' },
      { tag: 0x00281055, vr: 'LO', value: 'SOFT\\WIDE' },
      { tag: 0x00281056, vr: 'CS', value: 'SIGMOID' },
    ];
    const image = await decodeImage(grey16([0, 100, 4000], { extra }), 'windows.dcm');
    expect(image.vois).toEqual([
      { kind: 'window', center: 100, width: 200, fn: 'SIGMOID', explanation: 'SOFT' },
      { kind: 'window', center: 2000, width: 4000, fn: 'SIGMOID', explanation: 'WIDE' },
    ]);
    const meta = toPixelMeta(image);
    expect(voiAt(meta, 1)).toEqual({ center: 2000, width: 4000, fn: 'SIGMOID' });
    expect(voiLabel(meta, 0)).toBe('SOFT');
    const shown = mapToDisplay(image.pixels, meta, voiAt(meta, 0));
    expect(shown[1]).toBe(128); // the sigmoid's midpoint is at the centre: 127.5
    expect(shown[0]).toBe(Math.round(255 / (1 + Math.exp(2))));
  });

  it('Rescale Slope/Intercept and Rescale Type', async () => {
    const extra: El[] = [
      { tag: 0x00281052, vr: 'DS', value: '-1000' },
      { tag: 0x00281053, vr: 'DS', value: '0.5' },
      { tag: 0x00281054, vr: 'LO', value: 'OD' },
    ];
    const image = await decodeImage(grey16([0, 4000], { extra }), 'rescale.dcm');
    expect(image.modalityLut).toEqual({ kind: 'linear', slope: 0.5, intercept: -1000, unit: 'OD' });
  });
});

describe('colour is converted to luminance', () => {
  const rgb = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [100, 100, 100],
  ];
  const luma = rgb.map(([r, g, b]) => Math.round(0.299 * r! + 0.587 * g! + 0.114 * b!));

  it('RGB interleaved', async () => {
    const file = syntheticImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 8,
      bitsStored: 8,
      samplesPerPixel: 3,
      photometric: 'RGB',
      pixelData: new Uint8Array(rgb.flat()),
    });
    const image = await decodeImage(file, 'rgb.dcm');
    expect(image.photometric).toBe('MONOCHROME2');
    expect([...image.pixels]).toEqual(luma);
    expect(image.metadata.notes?.[0]).toMatch(/RGB colour converted to luminance/);
  });

  it('RGB planar', async () => {
    const planes = [0, 1, 2].flatMap((c) => rgb.map((p) => p[c]!));
    const file = syntheticImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 8,
      bitsStored: 8,
      samplesPerPixel: 3,
      photometric: 'RGB',
      planarConfiguration: 1,
      pixelData: new Uint8Array(planes),
    });
    expect([...(await decodeImage(file, 'planar.dcm')).pixels]).toEqual(luma);
  });

  it('YBR_FULL_422 keeps the Y samples', async () => {
    // Y1 Y2 Cb Cr for each pair of pixels
    const file = syntheticImage({
      rows: 1,
      columns: 4,
      bitsAllocated: 8,
      bitsStored: 8,
      samplesPerPixel: 3,
      photometric: 'YBR_FULL_422',
      pixelData: new Uint8Array([10, 20, 128, 128, 30, 40, 90, 160]),
    });
    expect([...(await decodeImage(file, 'ybr422.dcm')).pixels]).toEqual([10, 20, 30, 40]);
  });
});

describe('metadata and refusals', () => {
  it('maps header facts once; Image Laterality wins over Laterality', async () => {
    const extra: El[] = [
      { tag: 0x00200060, vr: 'CS', value: 'R' },
      { tag: 0x00200062, vr: 'CS', value: 'L' },
      { tag: 0x00185101, vr: 'CS', value: 'MLO' },
      { tag: 0x00080070, vr: 'LO', value: 'ACME' },
      { tag: 0x00080068, vr: 'CS', value: 'FOR PRESENTATION' },
      { tag: 0x00181164, vr: 'DS', value: '0.07\\0.07' },
      { tag: 0x0020000d, vr: 'UI', value: '1.2.3' },
      { tag: 0x0020000e, vr: 'UI', value: '1.2.3.4' },
    ];
    const image = await decodeImage(grey16([1, 2], { extra }), 'meta.dcm');
    expect(image.metadata).toMatchObject({
      patientId: 'PID-123',
      patientName: 'Doe^Jane',
      laterality: 'L',
      viewPosition: 'MLO',
      manufacturer: 'ACME',
      presentationIntent: 'FOR PRESENTATION',
      pixelSpacingMm: [0.07, 0.07],
      studyInstanceUid: '1.2.3',
      seriesInstanceUid: '1.2.3.4',
      sopInstanceUid: '1.2.3.4.5.6.7.8.9',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
      modality: 'OT',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
    const withSeriesOnly = await decodeImage(grey16([1], { extra: [{ tag: 0x00200060, vr: 'CS', value: 'R' }] }), 'lat.dcm');
    expect(withSeriesOnly.metadata.laterality).toBe('R');
    // inspect masks PHI unless asked
    const report = reportFor('meta.dcm', image);
    expect(JSON.stringify(report)).not.toMatch(/Doe|PID-123/);
    expect(reportFor('meta.dcm', image, { showPhi: true }).header.patientId).toBe('PID-123');
  });

  it.each([
    ['32-bit samples', { bitsAllocated: 16 as const, extra: [] }, /Bits Allocated 32/, 32],
    ['palette colour', { photometric: 'PALETTE COLOR' }, /PALETTE COLOR is not supported/, 16],
  ])('refuses %s', async (_what, spec, reason, bits) => {
    let file = grey16([1, 2], spec);
    if (bits === 32) {
      // patch Bits Allocated (0028,0100) US 16 -> 32
      const at = Buffer.from(file).indexOf(Buffer.from([0x28, 0x00, 0x00, 0x01, 0x55, 0x53, 0x02, 0x00, 0x10, 0x00]));
      file = file.slice();
      file[at + 8] = 32;
    }
    const error = await decodeImage(file, 'odd.dcm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toMatch(/^odd\.dcm: /);
    expect((error as Error).message).toMatch(reason);
  });

  it('inspectFile names a missing file in a one-line error', async () => {
    await expect(inspectFile('/nonexistent/x.dcm')).rejects.toThrow(/^\/nonexistent\/x\.dcm: cannot read the file \(ENOENT\)$/);
  });
});
