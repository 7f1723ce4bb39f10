/** Generated images for the reading specs: a 12-bit-like "mammogram" PNG and a small DICOM. */
import { encode } from 'fast-png';
import { syntheticImage, u16le } from '../../fixtures/imaging/dicomWriter.js';

export const MAMMO = { width: 200, height: 160 };
/** Where the dense blob sits (value ~2500, tissue around it ~1200-1800). */
export const BLOB = { x0: 130, y0: 60, x1: 170, y1: 100 };

/** Air (0-30) on the left 40 %, tissue 1200-1799 on the right, a dense blob, one saturated corner pixel. */
export function mammoValues(seed = 0): Uint16Array {
  const { width, height } = MAMMO;
  const px = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x < 80) px[i] = (x * 7 + y * 3 + seed) % 31;
      else if (x >= BLOB.x0 && x < BLOB.x1 && y >= BLOB.y0 && y < BLOB.y1) px[i] = 2500 + ((x + y) % 5);
      else px[i] = 1200 + ((x * 13 + y * 29 + seed) % 600);
    }
  }
  px[width * height - 1] = 4095;
  return px;
}

export function mammoPng(seed = 0): Buffer {
  return Buffer.from(encode({ width: MAMMO.width, height: MAMMO.height, data: mammoValues(seed), channels: 1, depth: 16 }));
}

export const pngFile = (name: string, seed = 0) => ({ name, mimeType: 'image/png', buffer: mammoPng(seed) });

/** A 12-bit DICOM with laterality, view and study date; patient Doe^Jane, PID-123 (dicomWriter's). */
export function mammoDicom(): Buffer {
  const file = syntheticImage({
    rows: MAMMO.height,
    columns: MAMMO.width,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelData: u16le([...mammoValues()]),
    extra: [
      { tag: 0x00080020, vr: 'DA', value: '20240131' },
      { tag: 0x00081030, vr: 'LO', value: 'SCREENING MAMMO' },
      { tag: 0x00185101, vr: 'CS', value: 'CC' },
      { tag: 0x00200062, vr: 'CS', value: 'L' },
    ],
  });
  return Buffer.from(file);
}
