/**
 * Label-map images (import only): any image the importer decodes (PNG, PGM, DICOM, JPEG) whose
 * pixel values are classes, directly or through a value-to-class mapping such as
 * "64=0,128=1,192=2,255=3" (DDSM tissue maps).
 */
import { AppFailure } from '../../../../shared/contract/result.js';
import { decodeImage } from '../../imaging/decode.js';
import type { ExpectedSize, LabelFormat } from './types.js';

/** Pixel value in the file -> class index. */
export type ValueMapping = ReadonlyMap<number, number>;

/** Extensions of the images a label-map folder is searched for. */
export const LABEL_MAP_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.pgm', '.pnm', '.dcm', '.jpg', '.jpeg']);

/** Parses "64=0,128=1,192=2,255=3" (spaces allowed; values 0..65535 -> classes 0..254). */
export function parseValueMapping(spec: string): Map<number, number> {
  const map = new Map<number, number>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d+)\s*[=:]\s*(\d+)$/.exec(part);
    if (!m) throw new AppFailure('invalid-request', `mapping entry ${JSON.stringify(part)} is not VALUE=CLASS`);
    const value = Number(m[1]);
    const klass = Number(m[2]);
    if (value > 65535 || klass > 254) throw new AppFailure('invalid-request', `mapping entry ${part} is out of range`);
    if (map.has(value)) throw new AppFailure('invalid-request', `mapping gives value ${value} twice`);
    map.set(value, klass);
  }
  if (map.size === 0) throw new AppFailure('invalid-request', 'the mapping is empty');
  return map;
}

/** Label values through a mapping (identity when none); throws naming unmapped values. */
export function applyMapping(pixels: ArrayLike<number>, mapping: ValueMapping | undefined): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const missing = new Set<number>();
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    const mapped = mapping ? mapping.get(v) : v <= 254 ? v : undefined;
    if (mapped === undefined) missing.add(v);
    else out[i] = mapped;
  }
  if (missing.size) {
    const list = [...missing]
      .sort((a, b) => a - b)
      .slice(0, 10)
      .join(', ');
    throw new Error(
      mapping ? `pixel values ${list} are not in the mapping` : `pixel values ${list} are not class indices (give a mapping)`,
    );
  }
  return out;
}

/** One label-map image -> label map of the expected size; throws on another size or unmapped values. */
export async function readLabelMap(
  bytes: Uint8Array,
  fileName: string,
  expected: ExpectedSize,
  mapping: ValueMapping | undefined,
): Promise<Uint8Array> {
  const image = await decodeImage(bytes, fileName);
  if (image.width !== expected.width || image.height !== expected.height) {
    throw new Error(`label map is ${image.width}x${image.height} but case ${expected.name} is ${expected.width}x${expected.height}`);
  }
  return applyMapping(image.pixels, mapping);
}

export const labelMapFormat = { name: 'label-map', read: readLabelMap } satisfies LabelFormat<typeof readLabelMap>;
